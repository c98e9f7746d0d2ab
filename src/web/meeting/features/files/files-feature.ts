import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { SELF, type MeetingFeature } from '../../feature.js';
import { formatBytes } from './file-bytes.js';
import { DEFAULT_FILE_LIMITS } from './file-limits.js';
import { FileTransfers } from './file-transfers.js';
import { transferRow } from './transfer-row.js';

const EVERYONE = '*';

/**
 * Sending files to everyone or one person: a side panel to pick who and which file, the
 * transfers with progress, cancel and save; "Send a file" in each participant's row.
 */
export const filesFeature: MeetingFeature = {
  id: 'files',
  mount({ call, bus, controls, panels, participants, people, nameOf, notify }) {
    const transfers = new FileTransfers(call, bus, DEFAULT_FILE_LIMITS);
    let unseen = 0;
    const button = controls.add({
      id: 'files',
      icon: 'attach',
      label: 'files.title',
      group: 'side',
      order: 20,
      collapsible: true,
      onPress: () => {
        panel.toggle();
      },
    });
    button.setExpanded(false);
    const panel = panels.add({
      id: 'files',
      title: 'files.title',
      onChange: (open) => {
        button.setExpanded(open);
      },
      onOpen: () => {
        unseen = 0;
        button.setBadge(0);
      },
    });
    const recipient = h('select', { attrs: { id: 'file-recipient' } });
    const input = h('input', { class: 'sr-only', attrs: { id: 'file-input', type: 'file' } });
    const choose = h(
      'label',
      { class: 'button primary', attrs: { for: 'file-input' } },
      icon('attach'),
    );
    choose.append(localize(h('span'), 'files.choose'));
    const list = h('ol', { class: 'transfer-list' });
    const empty = h('p', { class: 'chat-empty', t: 'files.empty' });
    panel.body.append(
      h(
        'div',
        { class: 'files-form' },
        h('label', { attrs: { for: 'file-recipient' }, t: 'files.recipient' }),
        recipient,
        input,
        choose,
        h('p', {
          class: 'files-limit',
          t: 'files.limit',
          params: { size: formatBytes(DEFAULT_FILE_LIMITS.maxBytes) },
        }),
      ),
      empty,
      list,
    );
    const renderRecipients = (): void => {
      const chosen = recipient.value;
      const everyone = localize(h('option', { attrs: { value: EVERYONE } }), 'files.everyone');
      const options = [...people.values()].map((p) =>
        h('option', { attrs: { value: p.id } }, p.name),
      );
      recipient.replaceChildren(everyone, ...options);
      if ([...recipient.options].some((o) => o.value === chosen)) recipient.value = chosen;
    };
    const send = async (file: File): Promise<void> => {
      const ids =
        recipient.value === EVERYONE ? [...people.values()].map((p) => p.id) : [recipient.value];
      const refusal = await transfers.send(file, ids);
      if (refusal?.reason === 'nobody') notify('files.nobody');
      else if (refusal?.reason === 'too-large')
        notify(
          'files.tooLarge',
          { name: file.name, size: formatBytes(file.size), limit: formatBytes(refusal.limit) },
          8000,
        );
    };
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.value = '';
      if (file !== undefined) void send(file);
    });
    transfers.on('added', (transfer) => {
      empty.hidden = true;
      list.prepend(transferRow(transfer, nameOf(transfer.peer)));
      if (transfer.direction === 'out') return;
      notify('files.incoming', {
        name: nameOf(transfer.peer),
        file: transfer.name,
        size: formatBytes(transfer.size),
      });
      if (!panel.isOpen()) button.setBadge(++unseen);
    });
    participants.addAction((person) => {
      if (person.id === SELF) return null;
      const action = h(
        'button',
        {
          class: 'icon-button',
          attrs: { type: 'button' },
          label: 'files.sendTo',
          labelParams: { name: person.name },
        },
        icon('attach'),
      );
      action.addEventListener('click', () => {
        renderRecipients();
        recipient.value = person.id;
        panel.open();
        input.click();
      });
      return action;
    });
    people.on('joined', renderRecipients);
    people.on('left', renderRecipients);
    renderRecipients();
    return {
      dispose: () => {
        transfers.dispose();
      },
    };
  },
};
