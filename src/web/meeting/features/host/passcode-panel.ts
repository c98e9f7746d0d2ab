import { MAX_PASSCODE_CHARS, MIN_PASSCODE_CHARS } from '../../../../protocol/index.js';
import { h } from '../../../ui/dom.js';
import { SELF, type MeetingContext } from '../../feature.js';
import type { PanelHandle } from '../../side-panels.js';

/**
 * The host sets, changes or clears the room's passcode. It goes to the server once, which
 * keeps only a hash; newcomers must type it (the prejoin page asks), those in stay.
 */
export class PasscodePanel {
  readonly #panel: PanelHandle;
  readonly #input: HTMLInputElement;
  readonly #clear: HTMLButtonElement;
  readonly #status: HTMLParagraphElement;

  constructor(private readonly context: MeetingContext) {
    this.#panel = context.panels.add({
      id: 'passcode',
      title: 'host.passcodeTitle',
      onOpen: () => {
        this.#input.focus();
      },
    });
    this.#input = h('input', {
      attrs: {
        id: 'passcode-set-input',
        type: 'password',
        autocomplete: 'new-password',
        minlength: String(MIN_PASSCODE_CHARS),
        maxlength: String(MAX_PASSCODE_CHARS),
        required: '',
      },
    });
    const save = h('button', {
      class: 'button primary',
      attrs: { type: 'submit' },
      t: 'host.passcodeSave',
    });
    this.#clear = h('button', {
      class: 'button',
      attrs: { type: 'button' },
      t: 'host.passcodeClear',
    });
    this.#status = h('p', { class: 'passcode-status', attrs: { role: 'status' } });
    const form = h(
      'form',
      { class: 'passcode-form' },
      h('label', { attrs: { for: 'passcode-set-input' }, t: 'host.passcodeLabel' }),
      this.#input,
      h('p', { class: 'hint', t: 'host.passcodeHint', params: { min: MIN_PASSCODE_CHARS } }),
      h('div', { class: 'passcode-actions' }, save, this.#clear),
      this.#status,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.#input.checkValidity()) return;
      context.call.room.setPasscode(this.#input.value);
      this.#input.value = '';
      this.#panel.close();
      context.notify('host.passcodeSaved');
    });
    this.#clear.addEventListener('click', () => {
      context.call.room.setPasscode(null);
      this.#panel.close();
      context.notify('host.passcodeCleared');
    });
    this.#panel.body.append(form);
  }

  open(): void {
    this.#panel.open();
  }

  render(): void {
    const { context } = this;
    if (!context.roles.isHost(SELF)) this.#panel.close();
    const has = context.call.room.controls.passcode;
    this.#clear.hidden = !has;
    this.#status.dataset['passcode'] = has ? 'set' : 'none';
    this.#status.replaceChildren(
      h('span', { t: has ? 'host.passcodeIsSet' : 'host.passcodeNone' }),
    );
  }
}
