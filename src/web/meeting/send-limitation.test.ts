import { describe, expect, it } from 'vitest';
import { selfBadge, sendNotice } from './send-limitation.js';

describe('what holds our video back: one decision for the banner and our badge', () => {
  it('names the upload or the computer, for the meeting size', () => {
    expect(sendNotice(null, 4)).toBeNull();
    expect(sendNotice('bandwidth', 4)).toEqual({
      limitation: 'bandwidth',
      key: 'banner.uplinkSlow',
      params: { count: 4 },
    });
    expect(sendNotice('cpu', 3)?.key).toBe('banner.cpuBusy');
  });

  it('our badge: hidden when nothing limits us, else bars or a dot and the same words as the banner', () => {
    expect(selfBadge(null)).toMatchObject({ summary: '', hint: null });
    const upload = selfBadge(sendNotice('bandwidth', 4));
    expect(upload).toMatchObject({
      level: 'fair',
      quality: 'warning',
      summary: 'Upload too slow',
      details: 'Your upload is too slow for 4 people: video reduced.',
      hint: { key: 'banner.uplinkSlow', params: { count: 4 } },
    });
    expect(selfBadge(sendNotice('cpu', 4))).toMatchObject({
      level: null,
      summary: 'Computer too busy',
      hint: { key: 'banner.cpuBusy' },
    });
  });
});
