import { inviteLink } from '../../../room-links.js';
import { h } from '../../../ui/dom.js';
import { localize } from '../../../ui/localize.js';
import { Popover } from '../../../ui/popover.js';
import type { MeetingContext, MeetingFeature } from '../../feature.js';
import { qrDrawing } from './qr-path.js';

const SVG = 'http://www.w3.org/2000/svg';

/** "Copy invite link", and beside it the same link as a QR code for a phone to scan. */
export const inviteFeature: MeetingFeature = {
  id: 'invite',
  mount(context) {
    const { controls, room, token } = context;
    const link = inviteLink(location.origin, room, token);
    const copy = (): void => void copyInvite(context, link);
    controls.add({
      id: 'invite',
      icon: 'link',
      label: 'control.invite',
      order: 60,
      collapsible: true,
      onPress: copy,
    });
    const popover = new Popover('qr', 'invite.qrTitle', (open) => {
      qrButton.setExpanded(open);
    });
    // Drawn when first shown: encoding the QR code takes tens of milliseconds on a slow
    // machine, and the meeting is built in the click on "Join", before the join goes out.
    let drawn = false;
    const qrButton = controls.add({
      id: 'qr',
      icon: 'qr',
      label: 'control.qr',
      order: 65,
      collapsible: true,
      onPress: () => {
        if (!drawn) popover.body.prepend(qrImage(link));
        drawn = true;
        popover.toggle(qrButton.element);
      },
    });
    qrButton.setExpanded(false);
    const copyButton = h('button', {
      class: 'button',
      attrs: { type: 'button' },
      t: 'control.invite',
    });
    copyButton.addEventListener('click', copy);
    popover.body.append(
      h('p', { class: 'qr-hint', t: 'invite.qrHint' }),
      h('p', { class: 'qr-link' }, link),
      copyButton,
    );
    controls.addPopover(popover.element);
    return {
      dispose: () => {
        popover.dispose();
      },
    };
  },
};

/** The QR code as an image whose accessible name carries the link. */
function qrImage(link: string): SVGSVGElement {
  const { size, path } = qrDrawing(link);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${String(size)} ${String(size)}`);
  svg.setAttribute('class', 'qr-code');
  svg.setAttribute('role', 'img');
  svg.setAttribute('shape-rendering', 'crispEdges');
  localize(svg, 'invite.qrAlt', { link }, 'aria-label');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}

async function copyInvite({ notify }: MeetingContext, link: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(link);
    notify('meeting.copied');
  } catch {
    notify('meeting.copyFailed', { link }, 15_000);
  }
}
