// The app inside an iframe of /lib/embed.js (docs/embed.md): the settings of the iframe
// URL (name, devices, language, toolbar, auto-join) applied to the pages main.ts shows.
import { parseEmbedSettings, type EmbedSettings } from '../../client/embed/embed-url.js';
import { isLocale } from '../i18n/i18n.js';
import type { LocalMedia } from '../media/local-media.js';
import { setLocale } from '../ui/localize.js';
import { EmbedHost } from './embed-host.js';

/** The embed host when this page is an embedded meeting (a framed `?embed=1` URL), else null. */
export function startEmbed(): EmbedHost | null {
  if (window.parent === window) return null;
  const settings = parseEmbedSettings(location.search);
  if (settings === null) return null;
  if (settings.lang !== null && isLocale(settings.lang)) setLocale(settings.lang, false);
  document.documentElement.dataset['embedded'] = 'true';
  return new EmbedHost(settings);
}

/** Applies the embedder's audio and video choices to devices about to join. */
export async function applyEmbedMedia(settings: EmbedSettings, media: LocalMedia): Promise<void> {
  if (!settings.audio) await media.setMicrophoneOn(false);
  if (!settings.video) await media.setCameraOn(false);
}

/**
 * Hides control bar buttons the embedder left out (`toolbar`); the "more" menu stays (it
 * holds what a narrow screen moved there).
 */
export function applyEmbedToolbar(settings: EmbedSettings, page: HTMLElement): void {
  const keep = settings.toolbar;
  if (keep === null) return;
  for (const button of page.querySelectorAll<HTMLElement>('.control-bar [data-action]')) {
    const action = button.dataset['action'] ?? '';
    if (action !== 'more' && !(keep as readonly string[]).includes(action)) button.hidden = true;
  }
}
