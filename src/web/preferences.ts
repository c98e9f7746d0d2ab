/** What the app remembers between visits (localStorage; absent in private modes that block it). */
export interface PreferenceValues {
  name: string;
  locale: string;
  cameraId: string;
  microphoneId: string;
  speakerId: string;
  /** 'on' or 'off' (data saver: low video both ways). */
  dataSaver: string;
}

type Key = keyof PreferenceValues;
const PREFIX = 'confab.';

export const preferences = {
  get(key: Key): string | null {
    try {
      return localStorage.getItem(PREFIX + key);
    } catch {
      return null;
    }
  },
  set(key: Key, value: string): void {
    try {
      localStorage.setItem(PREFIX + key, value);
    } catch {
      // Storage full or disabled: the app works, it just forgets.
    }
  },
};
