import { describe, expect, it } from 'vitest';
import { parseEmbedCommand, parseEmbedEvent, wrapEmbed } from './embed-messages.js';
import { embedUrl, parseEmbedSettings } from './embed-url.js';

describe('embed messages', () => {
  it('round-trip every command and event through their wire form', () => {
    for (const command of [
      { type: 'mute', on: true },
      { type: 'camera', on: false },
      { type: 'leave' },
      { type: 'hang-up' },
    ] as const)
      expect(parseEmbedCommand(wrapEmbed(command))).toEqual(command);
    for (const event of [
      { type: 'ready' },
      { type: 'joined', id: 'p1', name: 'Ann' },
      { type: 'left', reason: null },
      { type: 'left', reason: 'removed' },
      { type: 'participant-joined', id: 'p2', name: 'Bob' },
      { type: 'participant-left', id: 'p2' },
      { type: 'media', audio: false, video: true },
      { type: 'error', code: 'device-failed', message: 'NotAllowedError' },
    ] as const)
      expect(parseEmbedEvent(wrapEmbed(event))).toEqual(event);
  });

  it('ignore other protocols, versions, unknown types, extra or wrong fields', () => {
    const mute = wrapEmbed({ type: 'mute', on: true });
    expect(parseEmbedCommand({ ...mute, protocol: 'jitsi' })).toBeNull();
    expect(parseEmbedCommand({ ...mute, v: 2 })).toBeNull();
    expect(parseEmbedCommand({ ...mute, type: 'record' })).toBeNull();
    expect(parseEmbedCommand({ ...mute, extra: 1 })).toBeNull();
    expect(parseEmbedCommand({ ...mute, on: 'yes' })).toBeNull();
    expect(parseEmbedCommand({ ...mute, type: 'toString' })).toBeNull();
    expect(parseEmbedCommand('mute')).toBeNull();
    expect(parseEmbedCommand(null)).toBeNull();
    expect(parseEmbedEvent(wrapEmbed({ type: 'joined', id: '', name: 'Ann' }))).toBeNull();
    expect(
      parseEmbedEvent(wrapEmbed({ type: 'joined', id: 'x'.repeat(513), name: 'A' })),
    ).toBeNull();
    // A command is no event, and the other way round.
    expect(parseEmbedEvent(mute)).toBeNull();
    expect(parseEmbedCommand(wrapEmbed({ type: 'ready' }))).toBeNull();
  });
});

describe('embed URLs', () => {
  const settings = {
    parent: 'https://intranet.example.org',
    name: 'Ann Lee',
    audio: true,
    video: false,
    lang: 'zh-CN',
    toolbar: ['microphone', 'leave'] as const,
    autoJoin: true,
  };

  it('carry the settings in the query and a token only in the fragment', () => {
    const url = new URL(embedUrl('https://meet.example.org', 'weekly', settings, 'tok.en'));
    expect(url.pathname).toBe('/r/weekly');
    expect(url.searchParams.get('parent')).toBe(settings.parent);
    expect(url.search).not.toContain('tok.en');
    expect(url.hash).toBe('#token=tok.en');
    expect(parseEmbedSettings(url.search)).toEqual(settings);
  });

  it('are not embed URLs without embed=1 or a parent origin; unknown items are dropped', () => {
    expect(parseEmbedSettings('?parent=https%3A%2F%2Fa.example')).toBeNull();
    expect(parseEmbedSettings('?embed=1&parent=javascript:alert(1)')).toBeNull();
    expect(parseEmbedSettings('?embed=1')).toBeNull();
    const parsed = parseEmbedSettings(
      '?embed=1&parent=https%3A%2F%2Fa.example&toolbar=chat,record&lang=%3Cx%3E&autojoin=1',
    );
    expect(parsed).toMatchObject({ toolbar: ['chat'], lang: null, autoJoin: false, name: null });
  });
});
