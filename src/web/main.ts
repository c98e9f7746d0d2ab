// Placeholder until the meeting app lands (issue: the meeting web app).
const app = document.querySelector('#app');
if (app) app.setAttribute('data-ready', 'true');
