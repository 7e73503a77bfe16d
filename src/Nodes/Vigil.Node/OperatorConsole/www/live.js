// One server-sent-event connection for the whole console; pages subscribe to alarm changes.
const listeners = new Set();
let source = null;

export function connect(onState) {
  if (source) return;
  source = new EventSource('/api/alarms/stream');
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  source.addEventListener('alarm', e => {
    const alarm = JSON.parse(e.data);
    for (const l of listeners) l(alarm);
  });
}

export function disconnect() { if (source) { source.close(); source = null; } }

export function onAlarm(listener) { listeners.add(listener); return () => listeners.delete(listener); }

// A short two-tone chirp for a new alarm (WebAudio; browsers allow it after the first click on the page).
let audio = null;
export function chirp(critical) {
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, f] of (critical ? [880, 660, 880] : [660, 880]).entries()) {
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = f; o.connect(g); g.connect(audio.destination);
      g.gain.setValueAtTime(0.15, t + i * 0.18); g.gain.exponentialRampToValueAtTime(0.001, t + i * 0.18 + 0.16);
      o.start(t + i * 0.18); o.stop(t + i * 0.18 + 0.17);
    }
  } catch { /* no audio device: the visual cue remains */ }
}
