/**
 * The demo calls' "recordings": a second and a half of a quiet tone, made in code so that no binary file is
 * committed and the audio player has something real to play. Each recording number gets its own pitch.
 */
function demoRecordingWav(recording: number): Uint8Array<ArrayBuffer> {
  const sampleRate = 8000;
  const samples = Math.round(sampleRate * 1.5);
  const frequency = 330 + (recording % 8) * 55;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  // The canonical 44-byte RIFF header of 16-bit mono PCM.
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  const fade = sampleRate / 20;
  for (let i = 0; i < samples; i++) {
    // Quiet (a tenth of full scale), faded in and out so it does not click.
    const envelope = Math.min(1, i / fade, (samples - i) / fade);
    const value = Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.1 * envelope;
    view.setInt16(44 + i * 2, Math.round(value * 32767), true);
  }
  return bytes;
}

const recordingPath = /^\/demo\/recordings\/(\d{1,3})\.wav$/;

/** Answers `GET /demo/recordings/<n>.wav`, or null for any other path. */
export function answerDemoRecording(request: Request, pathname: string): Response | null {
  const match = recordingPath.exec(pathname);
  if (!match || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
  const wav = demoRecordingWav(Number(match[1]));
  return new Response(request.method === 'HEAD' ? null : wav, {
    headers: {
      'content-type': 'audio/wav',
      'content-length': String(wav.byteLength),
      'cache-control': 'public, max-age=3600',
    },
  });
}

/** Where the seed points a demo call's recording: the example server itself. */
export function demoRecordingUrl(origin: string, recording: number): string {
  return `${origin}/demo/recordings/${recording}.wav`;
}
