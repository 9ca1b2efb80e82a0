/** The small part of the Web Speech API we use (TypeScript's DOM types do not include SpeechRecognition). */
export interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  maxAlternatives: number;
  start(): void;
  stop(): void;
  abort(): void;
  onresult: ((event: { resultIndex: number; results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }> }) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
}

type RecognitionCtor = new () => Recognition;

export function speechRecognitionCtor(): RecognitionCtor | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

/** What to tell a student when recognition stops with an error code. */
export function speechErrorMessage(code: string): string {
  switch (code) {
    case 'not-allowed':
    case 'service-not-allowed':
      return 'The microphone is blocked for this site. Allow it in your browser settings, or type your question instead.';
    case 'no-speech':
      return 'We did not hear anything. Try again closer to the microphone, or type your question.';
    case 'audio-capture':
      return 'No microphone was found. Plug one in, or type your question.';
    case 'network':
      return 'Voice input needs the browser’s speech service, which could not be reached. Type your question instead.';
    case 'aborted':
      return '';
    default:
      return 'Voice input stopped unexpectedly. You can type your question instead.';
  }
}
