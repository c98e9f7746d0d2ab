import '../client/csp-safe.js';
import './styles/base.css';
import './styles/pages.css';
import './styles/meeting.css';
import './styles/tiles.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/features.css';
import { Call } from '../client/index.js';
import { homePage } from './home/home-page.js';
import { endPage } from './meeting/end-page.js';
import { meetingPage } from './meeting/meeting-page.js';
import { meshWarningSize } from './meeting/mesh-size.js';
import { prejoinPage } from './prejoin/prejoin-page.js';
import { parseRoute, type Route } from './room-links.js';
import { unsupportedPage } from './unsupported/unsupported-page.js';
import { initLocale, onLocaleChange } from './ui/localize.js';
import type { Page, Shell } from './ui/page.js';

const root = document.querySelector('#app');
if (!(root instanceof HTMLElement)) throw new Error('index.html has no #app');
const meshLimit = meshWarningSize(
  document.querySelector<HTMLMetaElement>('meta[name="confab:mesh-warning-size"]')?.content,
);

let current: Page | null = null;

const shell: Shell = {
  navigate(path) {
    history.pushState(null, '', path);
    showRoute();
  },
  show(page) {
    current?.dispose();
    current = page;
    root.replaceChildren(page.element);
    document.title = page.title();
  },
};

function pageFor(route: Route): Page {
  if (route.page === 'home') return homePage(shell, meshLimit);
  // Without WebRTC nobody could ever connect to us: say so before asking for a name.
  if (!Call.supported()) return unsupportedPage(shell);
  const { room, token } = route;
  const rejoin = () => {
    showRoute();
  };
  return prejoinPage(shell, room, ({ name, media }) => {
    shell.show(
      meetingPage({ room, token, name, media, meshLimit }, (error) => {
        shell.show(endPage(shell, error, rejoin));
      }),
    );
  });
}

function showRoute(): void {
  shell.show(pageFor(parseRoute(location.pathname, location.hash)));
}

initLocale();
onLocaleChange(() => {
  if (current !== null) document.title = current.title();
});
addEventListener('popstate', showRoute);
showRoute();
