import '../client/csp-safe.js';
import './styles/base.css';
import './styles/pages.css';
import './styles/meeting.css';
import './styles/tiles.css';
import './styles/controls.css';
import './styles/panels.css';
import './styles/features.css';
import './styles/host.css';
import { Call, type Preconnection } from '../client/index.js';
import { applyEmbedMedia, applyEmbedToolbar, startEmbed } from './embed/embed-app.js';
import { homePage } from './home/home-page.js';
import { LocalMedia } from './media/local-media.js';
import { endPage } from './meeting/end-page.js';
import { meetingPage } from './meeting/meeting-page.js';
import { meshWarningSize } from './meeting/mesh-size.js';
import { prejoinPage, type JoinRequest } from './prejoin/prejoin-page.js';
import { parseRoute, type Route } from './room-links.js';
import { unsupportedPage } from './unsupported/unsupported-page.js';
import { initLocale, onLocaleChange } from './ui/localize.js';
import type { Page, Shell } from './ui/page.js';
import { PageShell } from './ui/page-shell.js';
import { h } from './ui/dom.js';
import { preferences } from './preferences.js';

const root = document.querySelector('#app');
if (!(root instanceof HTMLElement)) throw new Error('index.html has no #app');
const meshLimit = meshWarningSize(
  document.querySelector<HTMLMetaElement>('meta[name="confab:mesh-warning-size"]')?.content,
);

const pages = new PageShell({
  show(element, title) {
    root.replaceChildren(element);
    document.title = title;
  },
});

const shell: Shell = {
  navigate(path) {
    history.pushState(null, '', path);
    showRoute();
  },
  show(page) {
    pages.show(page);
  },
};

/** Inside an iframe of /lib/embed.js: the embedding page's settings and messages. */
const embed = startEmbed();

function pageFor(route: Route): Page {
  if (route.page === 'home') return homePage(shell, meshLimit);
  // Without WebRTC nobody could ever connect to us: say so before asking for a name.
  if (!Call.supported()) return unsupportedPage(shell);
  const { room, token } = route;
  const rejoin = () => {
    showRoute();
  };
  const startMeeting = ({ name, media, passcode, preconnection }: JoinRequest): void => {
    const page = meetingPage(
      {
        room,
        token,
        passcode,
        name,
        media,
        preconnection,
        meshLimit,
        ...(embed === null
          ? {}
          : {
              onStart: (meeting) => {
                embed.started(meeting);
              },
            }),
      },
      (error) => {
        embed?.ended(error);
        const hungUp = embed?.ending === 'hung-up';
        shell.show(endPage(shell, error, hungUp ? null : rejoin));
      },
    );
    shell.show(page);
    if (embed !== null) applyEmbedToolbar(embed.settings, page.element);
  };
  if (embed === null) return prejoinPage(shell, room, startMeeting);
  const { settings } = embed;
  const joinWith = (
    name: string,
    media: LocalMedia,
    passcode: string | null = null,
    preconnection: Preconnection | null = null,
  ): void => {
    // The embedder's audio/video choices, before the call sends anything.
    void applyEmbedMedia(settings, media)
      .catch(() => undefined)
      .then(() => {
        startMeeting({ name, media, passcode, preconnection });
      });
  };
  if (settings.autoJoin && settings.name !== null) {
    const name = settings.name;
    const media = new LocalMedia();
    void media.start().then(() => {
      joinWith(name, media);
    });
    return {
      element: h('div', { class: 'page', t: 'prejoin.starting' }),
      title: () => room,
      dispose: () => undefined,
    };
  }
  if (settings.name !== null && preferences.get('name') === null)
    preferences.set('name', settings.name);
  return prejoinPage(shell, room, ({ name, media, passcode, preconnection }) => {
    joinWith(name, media, passcode, preconnection);
  });
}

function showRoute(): void {
  shell.show(pageFor(parseRoute(location.pathname, location.hash)));
}

initLocale();
onLocaleChange(() => {
  if (pages.current !== null) document.title = pages.current.title();
});
addEventListener('popstate', showRoute);
showRoute();
