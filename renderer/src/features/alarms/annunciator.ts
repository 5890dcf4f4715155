import type { Notification } from '../../../../shared/alarms/definitions.js';

let audio: AudioContext | null = null;

/**
 * Makes the audio context ahead of the first alarm. Making one blocks the page for ~200 ms
 * (the audio device opens): done while the console is idle after sign-in, not in the middle
 * of the first flood.
 */
export function prepareAudio(): void {
  try {
    audio ??= new AudioContext();
  } catch {
    // No audio device: beep() tries again and stays silent.
  }
}

/** A short two-tone alert, made in the browser: no sound file to load or block. */
export function beep(level: Notification['level']): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    const tones = level === 'critical' ? [880, 660, 880] : [660, 880];
    tones.forEach((hz, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.15, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio!.destination);
      osc.start(now + i * 0.18);
      osc.stop(now + i * 0.18 + 0.17);
    });
  } catch {
    // No audio device (a headless browser): the visual blink still tells the operator.
  }
}

export function speak(text: string): void {
  if (typeof speechSynthesis === 'undefined') return;
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

/** Plays what a notification asks for, unless the operator muted the console. */
export function annunciate(n: Notification, muted: boolean): void {
  if (muted) return;
  if (n.kind === 'speak') speak(n.text);
  else if (n.kind === 'alarm' || n.kind === 'sound' || n.kind === 'forward') beep(n.level);
}
