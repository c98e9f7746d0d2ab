import type { MessageKey, MessageParams } from '../../../i18n/i18n.js';
import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { formatBytes } from './file-bytes.js';
import type { Transfer, TransferProblem } from './transfer.js';

const PROBLEM: Readonly<Record<TransferProblem, MessageKey>> = {
  cancelled: 'files.cancelled',
  'cancelled-remote': 'files.cancelledRemote',
  'too-large': 'files.refusedTooLarge',
  damaged: 'files.damaged',
  lost: 'files.lost',
};

/** One transfer in the files panel: name, who, progress, speed, cancel or save. */
export function transferRow(transfer: Transfer, peerName: string): HTMLLIElement {
  const direction = transfer.direction === 'out' ? 'files.to' : 'files.from';
  const title = localize(h('span', { class: 'transfer-name' }), direction, {
    name: transfer.name,
    peer: peerName,
  });
  const bar = h('progress', { class: 'transfer-bar', attrs: { max: String(transfer.size || 1) } });
  localize(bar, direction, { name: transfer.name, peer: peerName }, 'aria-label');
  const status = h('span', { class: 'transfer-status' });
  const hash = h('span', { class: 'transfer-hash' });
  const cancel = h('button', {
    class: 'button small',
    attrs: { type: 'button' },
    t: 'files.cancel',
  });
  cancel.addEventListener('click', () => {
    transfer.cancel();
  });
  const save = h('a', { class: 'button small primary' }, icon('download'));
  save.append(localize(h('span'), 'files.save'));
  save.hidden = true;
  const row = h(
    'li',
    { class: 'transfer' },
    h(
      'div',
      { class: 'transfer-head' },
      title,
      h('span', { class: 'transfer-size' }, formatBytes(transfer.size)),
    ),
    bar,
    h('div', { class: 'transfer-foot' }, status, hash, cancel, save),
  );
  row.dataset['transfer'] = transfer.id;
  row.dataset['direction'] = transfer.direction;
  const render = (): void => {
    row.dataset['state'] = transfer.state;
    bar.value = transfer.bytes;
    cancel.hidden = !transfer.active;
    const [key, params] = statusOf(transfer);
    localize(status, key, params);
    if (transfer.sha256 !== '') {
      row.dataset['sha256'] = transfer.sha256;
      hash.textContent = `SHA-256 ${transfer.sha256.slice(0, 12)}…`;
      hash.title = transfer.sha256;
    }
    if (transfer.url !== null && save.hidden) {
      save.href = transfer.url;
      save.download = transfer.name;
      save.hidden = false;
      localize(save, 'files.saveName', { name: transfer.name }, 'aria-label');
    }
  };
  transfer.on('change', render);
  render();
  return row;
}

function statusOf(transfer: Transfer): [MessageKey, MessageParams] {
  const percent = transfer.size === 0 ? 100 : Math.floor((transfer.bytes / transfer.size) * 100);
  const rate = transfer.bytes / Math.max(transfer.seconds, 0.001);
  switch (transfer.state) {
    case 'sending':
    case 'receiving':
      return ['files.progress', { percent, rate: `${formatBytes(Math.round(rate))}/s` }];
    case 'verifying':
      return ['files.verifying', {}];
    case 'done':
      return [
        transfer.direction === 'out' ? 'files.delivered' : 'files.received',
        { seconds: transfer.seconds.toFixed(1) },
      ];
    case 'stopped':
      return [PROBLEM[transfer.problem ?? 'lost'], {}];
  }
}
