import type { MeetingFeature } from '../../feature.js';
import { t } from '../../../ui/localize.js';
import { ChatPanel } from './chat-panel.js';

/** Chat with everyone: a side panel, an unread count on its button. */
export const chatFeature: MeetingFeature = {
  id: 'chat',
  mount({ call, controls, panels }) {
    let unread = 0;
    const button = controls.add({
      id: 'chat',
      icon: 'chat',
      label: 'control.chat',
      group: 'side',
      order: 10,
      onPress: () => {
        panel.toggle();
      },
    });
    button.setExpanded(false);
    const setUnread = (count: number): void => {
      unread = count;
      button.setBadge(count);
      if (count === 0) button.setLabel('control.chat');
      else button.setLabel('control.chatUnread', { count });
    };
    const panel = panels.add({
      id: 'chat',
      title: 'chat.title',
      onChange: (open) => {
        button.setExpanded(open);
      },
      onOpen: () => {
        setUnread(0);
        chat.focus();
      },
    });
    const chat = new ChatPanel(panel.body, (text) => {
      const message = call.sendChat(text);
      chat.add({ from: t('meeting.you'), self: true, text, sentAt: message.sentAt });
      return call.participants.length > 0;
    });
    call.on('message', (id, message) => {
      const from = call.participant(id);
      if (message.type !== 'chat' || from === undefined) return;
      chat.add({ from: from.name, self: false, text: message.text, sentAt: message.sentAt });
      if (!panel.isOpen()) setUnread(unread + 1);
    });
    return { dispose: () => undefined };
  },
};
