import { describe, expect, it } from 'vitest';
import { SharedAudioContext, type AudioContextLike } from './shared-audio-context.js';

class FakeContext implements AudioContextLike {
  state: AudioContextState = 'running';
  resume(): Promise<void> {
    this.state = 'running';
    return Promise.resolve();
  }
  suspend(): Promise<void> {
    this.state = 'suspended';
    return Promise.resolve();
  }
}

function shared() {
  const created: FakeContext[] = [];
  const audio = new SharedAudioContext(() => {
    const context = new FakeContext();
    created.push(context);
    return context;
  });
  return { audio, created };
}

describe('SharedAudioContext', () => {
  it('creates one context for every meter, also while the first is still open', () => {
    const { audio, created } = shared();
    const prejoin = audio.acquire();
    const meeting = audio.acquire();
    audio.release();
    expect(meeting).toBe(prejoin);
    expect(created).toHaveLength(1);
    expect(prejoin.state).toBe('running');
  });

  it('suspends the context when no meter uses it, and resumes it for the next', () => {
    const { audio, created } = shared();
    const context = audio.acquire();
    audio.release();
    expect(context.state).toBe('suspended');
    expect(audio.acquire()).toBe(context);
    expect(context.state).toBe('running');
    expect(created).toHaveLength(1);
  });

  it('ignores a release without an acquire (a meter closed twice)', () => {
    const { audio } = shared();
    const context = audio.acquire();
    audio.release();
    audio.release();
    expect(audio.acquire()).toBe(context);
    audio.acquire();
    audio.release();
    expect(context.state).toBe('running');
  });
});

describe('SharedAudioContext on a page without a user gesture yet', () => {
  it('resumes on wake() only while a meter uses the context', () => {
    let allowed = false;
    const context = new FakeContext();
    context.state = 'suspended';
    context.resume = () => {
      if (allowed) context.state = 'running';
      return Promise.resolve();
    };
    const audio = new SharedAudioContext(() => context);
    audio.acquire();
    expect(context.state).toBe('suspended');
    allowed = true;
    audio.release();
    audio.wake();
    expect(context.state).toBe('suspended');
    audio.acquire();
    expect(context.state).toBe('running');
  });
});
