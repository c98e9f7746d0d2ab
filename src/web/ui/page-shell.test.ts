import { describe, expect, it } from 'vitest';
import type { Page } from './page.js';
import { PageShell } from './page-shell.js';

/** A page that notes what happens to it; `ready` settles when `draw()` is called. */
function page(name: string, log: string[], waits = false) {
  let draw: () => void = () => undefined;
  const ready = waits
    ? new Promise<void>((resolve) => {
        draw = resolve;
      })
    : undefined;
  const value: Page = {
    element: { name } as unknown as HTMLElement,
    title: () => name,
    dispose: () => log.push(`dispose ${name}`),
    shown: () => log.push(`shown ${name}`),
    ...(ready === undefined ? {} : { ready }),
  };
  return {
    page: value,
    draw: () => {
      draw();
    },
  };
}

function shell(log: string[]) {
  return new PageShell({
    show: (element, title) =>
      log.push(`show ${(element as unknown as { name: string }).name} "${title}"`),
  });
}

/** The pre-join page shown, then a meeting page given that is not ready yet. */
function prejoinThenMeeting() {
  const log: string[] = [];
  const pages = shell(log);
  pages.show(page('prejoin', log).page);
  const meeting = page('meeting', log, true);
  pages.show(meeting.page);
  return { log, pages, meeting };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PageShell', () => {
  it('shows a page at once, disposing the one before, and tells it once it is in', () => {
    const log: string[] = [];
    const pages = shell(log);
    pages.show(page('home', log).page);
    pages.show(page('prejoin', log).page);
    expect(log).toEqual([
      'show home "home"',
      'shown home',
      'dispose home',
      'show prejoin "prejoin"',
      'shown prejoin',
    ]);
    expect(pages.current?.title()).toBe('prejoin');
  });

  it('keeps the current page up until the next one is ready', async () => {
    const { log, pages, meeting } = prejoinThenMeeting();
    await settle();
    expect(log).toEqual(['show prejoin "prejoin"', 'shown prejoin']);
    expect(pages.current?.title()).toBe('prejoin');
    meeting.draw();
    await settle();
    expect(log).toEqual([
      'show prejoin "prejoin"',
      'shown prejoin',
      'dispose prejoin',
      'show meeting "meeting"',
      'shown meeting',
    ]);
  });

  it('a page replaced before it was ever shown is disposed, and never shown later', async () => {
    const { log, pages, meeting } = prejoinThenMeeting();
    pages.show(page('end', log).page);
    meeting.draw();
    await settle();
    expect(log).toEqual([
      'show prejoin "prejoin"',
      'shown prejoin',
      'dispose meeting',
      'dispose prejoin',
      'show end "end"',
      'shown end',
    ]);
  });
});
