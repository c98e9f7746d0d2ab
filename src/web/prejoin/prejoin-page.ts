import { Preconnection, prewarm } from '../../client/index.js';
import { MAX_NAME_CHARS, MAX_PASSCODE_CHARS } from '../../protocol/limits.js';
import { LevelMeter } from '../media/level-meter.js';
import { LocalMedia } from '../media/local-media.js';
import { preferences } from '../preferences.js';
import { appHeader } from '../ui/app-header.js';
import { avatarHue, initials } from '../ui/avatar.js';
import { h } from '../ui/dom.js';
import { icon, setIcon } from '../ui/icons.js';
import { localize, t } from '../ui/localize.js';
import type { Page, Shell } from '../ui/page.js';
import { DevicePickers } from './device-pickers.js';
import { PROBLEM_TEXT } from './problem-text.js';

const METER_MS = 100;

export interface JoinRequest {
  readonly name: string;
  /** Handed over to the meeting, which then owns (and stops) it. */
  readonly media: LocalMedia;
  /** The meeting's passcode as typed (null: none given). */
  readonly passcode: string | null;
  /** The signaling connection opened on this page, which the meeting's call joins on. */
  readonly preconnection: Preconnection | null;
}

/** `/r/<room>` before joining: preview, devices, name, Join. */
export function prejoinPage(
  shell: Shell,
  room: string,
  onJoin: (request: JoinRequest) => void,
): Page {
  // WebRTC's set-up (DTLS certificate, the browser's threads and codecs) while the person
  // picks devices and types a name: the click then only sends the join (prewarm.ts).
  void prewarm();
  // The signaling connection too (without joining): the click then sends only `join`.
  const preconnection = new Preconnection();
  const media = new LocalMedia();
  let handedOver = false;
  let starting = true;
  let meter: LevelMeter | null = null;
  let meterTrack: MediaStreamTrack | null = null;

  const video = h('video', {
    class: 'preview-video mirrored',
    attrs: { autoplay: '', playsinline: '' },
  });
  video.muted = true;
  const avatar = h('div', { class: 'avatar preview-avatar', attrs: { 'aria-hidden': 'true' } });
  const placeholderText = h('span', { t: 'prejoin.starting' });
  const placeholder = h('div', { class: 'preview-placeholder' }, avatar, placeholderText);
  const level = h('div', { class: 'level-fill' });
  const meterElement = h(
    'div',
    {
      class: 'level',
      attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
      label: 'prejoin.level',
    },
    level,
  );
  const micIcon = icon('mic');
  const cameraIcon = icon('camera');
  const micButton = h('button', { class: 'control', attrs: { type: 'button' } }, micIcon);
  const cameraButton = h('button', { class: 'control', attrs: { type: 'button' } }, cameraIcon);
  const problem = h('p', { class: 'notice', attrs: { role: 'alert' } });
  const pickers = new DevicePickers(media);

  const nameInput = h('input', {
    attrs: {
      id: 'name-input',
      type: 'text',
      required: '',
      autocomplete: 'name',
      maxlength: String(MAX_NAME_CHARS),
    },
    placeholder: 'prejoin.namePlaceholder',
  });
  nameInput.value = preferences.get('name') ?? '';
  // With the camera off, the others will see these initials. Drawn as the name is typed, which
  // also pays the text segmenter's first use (about 20 ms) here rather than in the join's click.
  const showInitials = () => {
    const name = nameInput.value.trim();
    avatar.textContent = name === '' ? '' : initials(name);
    avatar.style.setProperty('--hue', String(avatarHue(name)));
  };
  nameInput.addEventListener('input', showInitials);
  showInitials();
  // Only meetings with a passcode need it; a meeting this join opens gets it as its passcode.
  const passcodeInput = h('input', {
    attrs: {
      id: 'passcode-input',
      type: 'password',
      autocomplete: 'off',
      maxlength: String(MAX_PASSCODE_CHARS),
    },
  });
  const joinButton = h('button', {
    class: 'button primary large',
    attrs: { type: 'submit' },
    t: 'prejoin.join',
  });
  const form = h(
    'form',
    { class: 'prejoin-form' },
    h('label', { attrs: { for: 'name-input' }, t: 'prejoin.name' }),
    nameInput,
    h('label', { attrs: { for: 'passcode-input' }, t: 'prejoin.passcode' }),
    passcodeInput,
    joinButton,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (handedOver) return;
    const name = nameInput.value.trim();
    if (name === '') {
      nameInput.focus();
      return;
    }
    preferences.set('name', name);
    handedOver = true;
    // The page stays up until the join's negotiation went out (meeting-page.ts): one join only.
    joinButton.disabled = true;
    localize(joinButton, 'prejoin.joining');
    const passcode = passcodeInput.value === '' ? null : passcodeInput.value;
    onJoin({ name, media, passcode, preconnection });
  });
  // Someone about to join: a connection the server closed meanwhile (idle) is reopened now.
  const wake = () => {
    preconnection.wake();
  };
  form.addEventListener('focusin', wake);
  joinButton.addEventListener('pointerenter', wake);

  micButton.addEventListener('click', () => {
    void media.setMicrophoneOn(!media.microphoneOn).catch(() => undefined);
  });
  cameraButton.addEventListener('click', () => {
    void media.setCameraOn(media.camera === null).catch(() => undefined);
  });

  const render = () => {
    const camera = media.camera;
    const shown =
      video.srcObject instanceof MediaStream ? video.srcObject.getVideoTracks()[0] : undefined;
    if (shown !== camera) video.srcObject = camera === null ? null : new MediaStream([camera]);
    video.hidden = camera === null;
    placeholder.hidden = camera !== null;
    avatar.hidden = starting;
    if (camera === null)
      localize(placeholderText, starting ? 'prejoin.starting' : 'prejoin.cameraOff');
    const micOn = media.microphoneOn;
    setIcon(micIcon, micOn ? 'mic' : 'micOff');
    setIcon(cameraIcon, camera !== null ? 'camera' : 'cameraOff');
    micButton.classList.toggle('off', !micOn);
    cameraButton.classList.toggle('off', camera === null);
    localize(micButton, micOn ? 'control.micOff' : 'control.micOn', {}, 'aria-label');
    localize(
      cameraButton,
      camera !== null ? 'control.cameraOff' : 'control.cameraOn',
      {},
      'aria-label',
    );
    const p = media.problem;
    problem.hidden = p === null;
    if (p !== null) localize(problem, PROBLEM_TEXT[p], { detail: media.detail });
    if (media.microphone !== meterTrack) {
      meter?.close();
      meterTrack = media.microphone;
      meter = meterTrack === null ? null : new LevelMeter(meterTrack);
    }
  };
  media.on('change', () => {
    render();
    void pickers.refresh();
  });

  const meterTimer = setInterval(() => {
    const value = Math.round((meter?.level() ?? 0) * 100);
    level.style.width = `${String(value)}%`;
    meterElement.setAttribute('aria-valuenow', String(value));
  }, METER_MS);

  const element = h(
    'div',
    { class: 'page prejoin-page' },
    appHeader(shell),
    h(
      'main',
      { class: 'prejoin-main' },
      h(
        'div',
        { class: 'preview' },
        video,
        placeholder,
        h('div', { class: 'preview-controls' }, micButton, cameraButton),
        meterElement,
      ),
      pickers.element,
      h(
        'section',
        { class: 'join-column' },
        h('h1', { t: 'prejoin.title' }),
        h('p', { class: 'room-name', t: 'prejoin.room', params: { room } }),
        problem,
        form,
      ),
    ),
  );
  render();
  void media.start().finally(() => {
    starting = false;
    render();
  });
  void pickers.refresh();
  if (nameInput.value === '')
    queueMicrotask(() => {
      nameInput.focus();
    });

  return {
    element,
    title: () => `${t('prejoin.title')} · ${t('app.name')}`,
    dispose: () => {
      clearInterval(meterTimer);
      meter?.close();
      pickers.dispose();
      if (handedOver) return;
      media.close();
      preconnection.close();
    },
  };
}
