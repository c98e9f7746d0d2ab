import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en.js';
import { catalog, detectLocale, format, LOCALES, placeholders, translate } from './i18n.js';

const keys = Object.keys(en) as MessageKey[];

describe('translations', () => {
  for (const { id } of LOCALES) {
    it(`${id}: every key translated, non-empty, with the same placeholders as English`, () => {
      const messages = catalog(id);
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(messages[key].trim(), key).not.toBe('');
        expect(placeholders(messages[key]), key).toEqual(placeholders(en[key]));
      }
    });
  }

  it('Chinese is really translated (not English copied over), apart from names', () => {
    const zh = catalog('zh-CN');
    const same = keys.filter((key) => zh[key] === en[key]);
    expect(same).toEqual(['app.name']);
  });
});

describe('detectLocale', () => {
  it('follows the first preferred language we speak', () => {
    expect(detectLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(detectLocale(['zh'])).toBe('zh-CN');
    expect(detectLocale(['zh-Hans-SG'])).toBe('zh-CN');
    expect(detectLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(detectLocale(['fr-FR', 'zh-CN'])).toBe('zh-CN');
  });

  it('falls back to English for traditional Chinese and unknown languages', () => {
    expect(detectLocale(['zh-TW'])).toBe('en');
    expect(detectLocale(['zh-Hant-HK'])).toBe('en');
    expect(detectLocale(['de', 'fr'])).toBe('en');
    expect(detectLocale([])).toBe('en');
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{name} joined ({n})', { name: 'Ann', n: 3 })).toBe('Ann joined (3)');
    expect(format('hello {who}')).toBe('hello {who}');
  });

  it('does not interpret placeholder syntax inside parameters', () => {
    expect(format('{a}{b}', { a: '{b}', b: 'x' })).toBe('{b}x');
  });

  it('translate picks the language', () => {
    expect(translate('en', 'prejoin.join')).toBe('Join');
    expect(translate('zh-CN', 'prejoin.join')).toBe('加入');
    expect(translate('zh-CN', 'meeting.screenOf', { name: 'Ann' })).toBe('Ann 的屏幕');
  });
});
