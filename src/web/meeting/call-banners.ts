import type { Call } from '../../client/index.js';
import type { Banners } from './banners.js';

/** The call's lasting conditions as banners: signaling lost, server restarting, media server lost. */
export function showCallBanners(call: Call, banners: Banners): void {
  call.on('state', (state) => {
    if (state === 'reconnecting') {
      if (!banners.showing('signaling')) banners.show('signaling', 'banner.reconnecting');
    } else if (state === 'joined') banners.hide('signaling');
  });
  call.on('error', (error) => {
    if (error.code === 'server-shutdown') banners.show('signaling', 'banner.serverRestarting');
  });
  call.on('path', (_path, reason) => {
    if (reason === 'sfu-lost' || reason === 'sfu-restored')
      banners.show('media-server', 'banner.mediaServerLost');
  });
  // Everyone's media flows again, on whichever path.
  call.on('path-settled', () => {
    banners.hide('media-server');
  });
}
