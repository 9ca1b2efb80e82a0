import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CalculatorSession, type AngleMode } from '../lib/calculator.ts';

export interface CalculatorProps {
  open: boolean;
  onClose: () => void;
}

/** Whether angles are degrees or radians (kept for later sessions on this device). */
const ANGLE_KEY = 'satprep.calculator.angle';

/** Keypad keys: what is shown, its accessible name, and what it types (or does). */
const KEYS: { label: string; name?: string; insert?: string; action?: 'clear' | 'back' | 'equals' }[] = [
  { label: 'sin', insert: 'sin(' },
  { label: 'cos', insert: 'cos(' },
  { label: 'tan', insert: 'tan(' },
  { label: '(', name: 'open bracket', insert: '(' },
  { label: ')', name: 'close bracket', insert: ')' },
  { label: '⌫', name: 'delete', action: 'back' },
  { label: 'sin⁻¹', name: 'inverse sine', insert: 'asin(' },
  { label: 'cos⁻¹', name: 'inverse cosine', insert: 'acos(' },
  { label: 'tan⁻¹', name: 'inverse tangent', insert: 'atan(' },
  { label: 'xʸ', name: 'power', insert: '^' },
  { label: 'x²', name: 'squared', insert: '^2' },
  { label: 'C', name: 'clear', action: 'clear' },
  { label: '7', insert: '7' },
  { label: '8', insert: '8' },
  { label: '9', insert: '9' },
  { label: '÷', name: 'divide', insert: '/' },
  { label: '√', name: 'square root', insert: 'sqrt(' },
  { label: 'ln', name: 'natural log', insert: 'ln(' },
  { label: '4', insert: '4' },
  { label: '5', insert: '5' },
  { label: '6', insert: '6' },
  { label: '×', name: 'times', insert: '*' },
  { label: 'π', name: 'pi', insert: 'pi' },
  { label: 'log', name: 'log base 10', insert: 'log(' },
  { label: '1', insert: '1' },
  { label: '2', insert: '2' },
  { label: '3', insert: '3' },
  { label: '−', name: 'minus', insert: '-' },
  { label: 'e', insert: 'e' },
  { label: 'ans', name: 'last answer', insert: 'ans' },
  { label: '0', insert: '0' },
  { label: '.', name: 'point', insert: '.' },
  { label: ',', name: 'comma', insert: ', ' },
  { label: '+', name: 'plus', insert: '+' },
  { label: '=', name: 'equals', action: 'equals' },
];

interface Line {
  expression: string;
  result: string;
  ok: boolean;
}

/**
 * A scientific calculator: type or tap an expression, Enter works it out. ↑ and ↓ in the input
 * bring back earlier expressions; a history entry's result can be reused. A panel beside the
 * question (not modal: the question stays usable), a bottom sheet on a phone. Esc closes it.
 */
export default function Calculator({ open, onClose }: CalculatorProps) {
  const session = useRef(new CalculatorSession());
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  const [expression, setExpression] = useState('');
  const [mode, setMode] = useState<AngleMode>(() => (localStorage.getItem(ANGLE_KEY) === 'rad' ? 'rad' : 'deg'));
  const [current, setCurrent] = useState<Line | null>(null);
  const [history, setHistory] = useState<Line[]>([]);
  const recall = useRef(-1);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  // On a phone the sheet covers the bottom of the page: the page gets room to scroll past it.
  useEffect(() => {
    const el = panel.current;
    const root = document.documentElement;
    if (!open || !el) return;
    root.classList.add('calc-open');
    const observer = new ResizeObserver(() => root.style.setProperty('--calc-sheet-h', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.classList.remove('calc-open');
      root.style.removeProperty('--calc-sheet-h');
    };
  }, [open]);

  const setAngle = (m: AngleMode) => {
    setMode(m);
    localStorage.setItem(ANGLE_KEY, m);
  };

  const compute = (e?: FormEvent) => {
    e?.preventDefault();
    const r = session.current.evaluate(expression, mode);
    const line = { expression: expression.trim(), result: r.ok ? r.text : r.error, ok: r.ok };
    setCurrent(line);
    recall.current = -1;
    if (r.ok) {
      setHistory((h) => [line, ...h].slice(0, 30));
      setExpression('');
    }
  };

  /** Types at the caret (replacing a selection), as a key of the keypad does. */
  const insert = (text: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? expression.length;
    const end = el?.selectionEnd ?? expression.length;
    // After a result, an operator continues from it.
    const base = !expression && current?.ok && /^[-+*/^]/.test(text) ? 'ans' : '';
    const next = base ? base + text : expression.slice(0, start) + text + expression.slice(end);
    setExpression(next);
    const caret = base ? next.length : start + text.length;
    requestAnimationFrame(() => input.current?.setSelectionRange(caret, caret));
  };

  const press = (k: (typeof KEYS)[number]) => {
    if (k.action === 'equals') compute();
    else if (k.action === 'clear') {
      setExpression('');
      setCurrent(null);
    } else if (k.action === 'back') {
      const el = input.current;
      const start = el?.selectionStart ?? expression.length;
      const end = el?.selectionEnd ?? expression.length;
      if (start !== end) setExpression(expression.slice(0, start) + expression.slice(end));
      else if (start > 0) {
        setExpression(expression.slice(0, start - 1) + expression.slice(start));
        requestAnimationFrame(() => input.current?.setSelectionRange(start - 1, start - 1));
      }
    } else if (k.insert) insert(k.insert);
  };

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!history.length) return;
      e.preventDefault();
      recall.current = Math.max(-1, Math.min(history.length - 1, recall.current + (e.key === 'ArrowUp' ? 1 : -1)));
      setExpression(recall.current < 0 ? '' : history[recall.current]!.expression);
    }
  };

  return (
    <section
      ref={panel}
      id="calculator"
      className="calc"
      role="dialog"
      aria-modal="false"
      aria-labelledby="calc-title"
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="calc-head">
        <h2 id="calc-title">Calculator</h2>
        <div className="calc-angle" role="radiogroup" aria-label="Angles in">
          {(['deg', 'rad'] as const).map((m) => (
            <button key={m} type="button" role="radio" aria-checked={mode === m} className={`calc-angle-btn${mode === m ? ' is-on' : ''}`} onClick={() => setAngle(m)}>
              {m === 'deg' ? 'Degrees' : 'Radians'}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn-icon calc-close" aria-label="Close calculator" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6z" />
          </svg>
        </button>
      </header>
      <form onSubmit={compute} className="calc-form">
        <label htmlFor="calc-input" className="visually-hidden">
          Expression
        </label>
        <input
          ref={input}
          id="calc-input"
          className="calc-input"
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="done"
          placeholder="e.g. sqrt(2)^2 + 3*4"
          aria-describedby="calc-help"
          value={expression}
          onChange={(e) => {
            setExpression(e.target.value);
            recall.current = -1;
          }}
          onKeyDown={onInputKey}
        />
        <output htmlFor="calc-input" className={`calc-result${current && !current.ok ? ' is-error' : ''}`} aria-live="polite" aria-label="Result">
          {current ? (current.ok ? `${current.expression} = ${current.result}` : current.result) : ''}
        </output>
        <p id="calc-help" className="visually-hidden">
          Press Enter to work it out; up and down arrows bring back earlier expressions; Escape closes the calculator. Angles are in {mode === 'deg' ? 'degrees' : 'radians'}.
        </p>
      </form>
      <div className="calc-keys">
        {KEYS.map((k) => (
          <button
            key={k.label}
            type="button"
            className={`calc-key${k.action === 'equals' ? ' calc-equals' : ''}${/^[0-9.]$/.test(k.label) ? ' calc-digit' : ''}`}
            // The name says what the key does, and starts with what it shows (for voice control).
            aria-label={k.name && /[a-z]/i.test(k.label) && !k.name.startsWith(k.label) ? `${k.label}, ${k.name}` : k.name}
            // A tap keeps the caret in the input (and a phone's keyboard where it is).
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => press(k)}
          >
            {k.label}
          </button>
        ))}
      </div>
      {history.length > 0 && (
        <div className="calc-history">
          <h3 id="calc-history-title">History</h3>
          <ol aria-labelledby="calc-history-title">
            {history.map((l, i) => (
              <li key={history.length - i}>
                <button type="button" className="calc-history-item" aria-label={`${l.expression} = ${l.result}: use ${l.result}`} onMouseDown={(e) => e.preventDefault()} onClick={() => insert(l.result)}>
                  <span className="calc-history-expr">{l.expression}</span>
                  <span className="calc-history-result">= {l.result}</span>
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
