import type { MessageKey } from '../i18n/i18n.js';
import { t } from '../ui/localize.js';
import type { BadgeView } from './tile.js';

/** What holds our video back (`call.sendLimitation`): our upload, our computer, or nothing. */
export type SendLimitation = 'bandwidth' | 'cpu' | null;

/** "Your upload is too slow for 4 people: video reduced" (or the computer). */
export interface SendNotice {
  readonly limitation: 'bandwidth' | 'cpu';
  readonly key: Extract<MessageKey, 'banner.uplinkSlow' | 'banner.cpuBusy'>;
  readonly params: { readonly count: number };
}

/**
 * The one decision behind the uplink banner and our own tile's badge: whether, and why,
 * the video we send is reduced for a meeting of `count` people (ourselves included).
 */
export function sendNotice(limitation: SendLimitation, count: number): SendNotice | null {
  if (limitation === null) return null;
  return {
    limitation,
    key: limitation === 'bandwidth' ? 'banner.uplinkSlow' : 'banner.cpuBusy',
    params: { count },
  };
}

/**
 * Our own tile's badge: hidden while nothing holds our video back; else two bars (the
 * upload) or a warning dot (the computer), and the notice as the tile's hint.
 */
export function selfBadge(notice: SendNotice | null): BadgeView {
  if (notice === null)
    return { level: null, summary: '', details: '', quality: 'good', hint: null };
  const bandwidth = notice.limitation === 'bandwidth';
  return {
    level: bandwidth ? 'fair' : null,
    summary: t(bandwidth ? 'badge.self.uplink' : 'badge.self.cpu'),
    details: t(notice.key, notice.params),
    quality: 'warning',
    hint: { key: notice.key, params: notice.params },
  };
}
