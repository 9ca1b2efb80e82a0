import { useEffect, useRef, useState, type ComponentType } from 'react';
import type { CalculatorProps } from './Calculator.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import './runner-tools.css';

/** Keys of the runner, as listed in the shortcut dialog. */
export const SHORTCUTS: [keys: string[], what: string][] = [
  [['A', 'B', 'C', 'D'], 'Choose that answer (or 1–4)'],
  [['Shift', '+', 'letter'], 'Strike out that choice, or bring it back'],
  [['X'], 'Strike out the chosen (or focused) choice'],
  [['M'], 'Mark this question for review'],
  [['N', '→'], 'Next question'],
  [['P', '←'], 'Previous question'],
  [['K'], 'Calculator (math questions)'],
  [['R'], 'Reference sheet (math questions)'],
  [['?'], 'This list of shortcuts'],
  [['Esc'], 'Close the calculator or a dialog'],
];

export interface RunnerToolsProps {
  /** A math question: the calculator and the reference sheet are offered. */
  math: boolean;
  /** The question's choice labels in order (empty for a grid-in). */
  choices: string[];
  /** The chosen label, or the typed answer of a grid-in. */
  selected: string;
  isStruck: (label: string) => boolean;
  onChoose: (label: string) => void;
  onStrike: (label: string) => void;
  onMark: () => void;
  isMarked: boolean;
  /** Undefined where there is no next (or previous) question. */
  onNext?: (() => void) | undefined;
  onPrevious?: (() => void) | undefined;
}

/** Elements where a key is text being typed, not a shortcut. */
function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit', 'reset'].includes(el.type);
}

/**
 * The runner's tools: calculator and reference sheet (math questions), the keyboard shortcuts and
 * their list. The calculator (and mathjs under it) is fetched the first time it is opened, and
 * stays mounted (hidden) after that, so its history and variables last through the session.
 */
export function RunnerTools(props: RunnerToolsProps) {
  const [calcOpen, setCalcOpen] = useState(false);
  const [Calculator, setCalculator] = useState<ComponentType<CalculatorProps> | null>(null);
  const [calcFailed, setCalcFailed] = useState(false);
  const [referenceOpen, setReferenceOpen] = useState(false);
  const reference = useOnDemand(() => import('./ReferenceSheet.tsx').then((m) => m.ReferenceSheet));
  const loadReference = reference.load;
  useEffect(() => {
    if (referenceOpen) loadReference();
  }, [referenceOpen, loadReference]);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [said, setSaid] = useState('');
  const calcButton = useRef<HTMLButtonElement>(null);
  const latest = useRef(props);
  latest.current = props;

  const loadCalculator = () => {
    setCalcFailed(false);
    import('./Calculator.tsx').then(
      (m) => setCalculator(() => m.default),
      () => setCalcFailed(true),
    );
  };
  const openCalculator = () => {
    if (!Calculator) loadCalculator();
    setCalcOpen(true);
    // Already open: K brings the focus back to its input.
    document.getElementById('calc-input')?.focus();
  };
  const closeCalculator = () => {
    setCalcOpen(false);
    calcButton.current?.focus();
  };
  const open = useRef({ openCalculator, setReferenceOpen, setShortcutsOpen });
  open.current = { openCalculator, setReferenceOpen, setShortcutsOpen };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isTyping(e.target)) return;
      // Keys inside a tool (the calculator's buttons, an open dialog) belong to that tool.
      if (e.target instanceof Element && e.target.closest('dialog, [role="dialog"]')) return;
      if (document.querySelector('dialog[open]')) return;
      const p = latest.current;
      const say = (text: string) => setSaid(text);
      const key = e.key;
      const lower = key.length === 1 ? key.toLowerCase() : key;
      const onRadio = e.target instanceof HTMLInputElement && e.target.type === 'radio';
      let handled = true;
      if (key === '?') open.current.setShortcutsOpen(true);
      else if (/^[a-d]$/.test(lower) && p.choices.includes(lower.toUpperCase())) {
        const label = lower.toUpperCase();
        if (e.shiftKey) {
          say(`Choice ${label} ${p.isStruck(label) ? 'brought back' : 'struck out'}`);
          p.onStrike(label);
        } else {
          p.onChoose(label);
          say(`Chose ${label}`);
        }
      } else if (/^[1-9]$/.test(key) && !e.shiftKey && p.choices[Number(key) - 1]) {
        const label = p.choices[Number(key) - 1]!;
        p.onChoose(label);
        say(`Chose ${label}`);
      } else if (lower === 'x' && p.choices.length) {
        const label = onRadio ? (e.target as HTMLInputElement).value : p.selected;
        if (p.choices.includes(label)) {
          say(`Choice ${label} ${p.isStruck(label) ? 'brought back' : 'struck out'}`);
          p.onStrike(label);
        } else say('Choose or focus a choice first, or press Shift and its letter.');
      } else if (lower === 'm') {
        say(p.isMarked ? 'Unmarked' : 'Marked for review');
        p.onMark();
      } else if ((lower === 'n' || (key === 'ArrowRight' && !onRadio)) && p.onNext) p.onNext();
      else if ((lower === 'p' || (key === 'ArrowLeft' && !onRadio)) && p.onPrevious) p.onPrevious();
      else if (lower === 'k' && p.math) open.current.openCalculator();
      else if (lower === 'r' && p.math) open.current.setReferenceOpen(true);
      else handled = false;
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // The calculator's announcements are not for a question without it.
  useEffect(() => {
    if (!props.math) setCalcOpen(false);
  }, [props.math]);

  return (
    <>
      <div className="runner-tools">
        {props.math && (
          <>
            <button ref={calcButton} type="button" className="btn btn-secondary btn-small" aria-expanded={calcOpen} aria-controls="calculator" aria-keyshortcuts="K" onClick={() => (calcOpen ? closeCalculator() : openCalculator())}>
              <svg viewBox="0 0 24 24" aria-hidden="true" className="icon">
                <path d="M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm0 2v4h10V4H7zm0 6v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2zm-8 4v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v6h2v-6h-2zm-8 4v2h2v-2H7zm4 0v2h2v-2h-2z" />
              </svg>
              Calculator
            </button>
            <button type="button" className="btn btn-secondary btn-small" aria-haspopup="dialog" aria-keyshortcuts="R" onClick={() => setReferenceOpen(true)}>
              <svg viewBox="0 0 24 24" aria-hidden="true" className="icon">
                <path d="M4 3h12l4 4v14H4V3zm2 2v14h12V8h-3V5H6zm2 5h8v2H8v-2zm0 4h8v2H8v-2z" />
              </svg>
              Reference
            </button>
          </>
        )}
        <button type="button" className="btn btn-ghost btn-small shortcuts-button" aria-haspopup="dialog" aria-keyshortcuts="Shift+?" onClick={() => setShortcutsOpen(true)}>
          Shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
        <span className="visually-hidden" role="status">
          {said}
        </span>
      </div>

      {props.math && calcOpen && !Calculator && (
        <div className="calc calc-loading" role="dialog" aria-label="Calculator" id="calculator">
          {calcFailed ? (
            <p role="alert">
              The calculator could not load. Check your connection.{' '}
              <button type="button" className="btn btn-secondary btn-small" onClick={loadCalculator}>
                Try again
              </button>{' '}
              <button type="button" className="btn btn-ghost btn-small" onClick={closeCalculator}>
                Close
              </button>
            </p>
          ) : (
            <p role="status">Loading the calculator…</p>
          )}
        </div>
      )}
      {Calculator && <Calculator open={props.math && calcOpen} onClose={closeCalculator} />}

      <ModalDialog open={referenceOpen} onClose={() => setReferenceOpen(false)} title="Reference sheet" className="reference-dialog">
        {reference.Component ? (
          <reference.Component />
        ) : reference.failed ? (
          <p role="alert">
            The reference sheet could not load. Check your connection.{' '}
            <button type="button" className="btn btn-secondary btn-small" onClick={reference.retry}>
              Try again
            </button>
          </p>
        ) : (
          <p role="status">Loading the reference sheet…</p>
        )}
      </ModalDialog>
      <ModalDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} title="Keyboard shortcuts" className="shortcuts-dialog">
        <p className="hint">They work while you are not typing in an answer or help box.</p>
        <table className="shortcut-table">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What they do</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={what}>
                <td>
                  {keys.map((k, i) => (k === '+' ? <span key={i}> + </span> : <kbd key={i}>{k}</kbd>))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ModalDialog>
    </>
  );
}

/** A component fetched the first time it is needed (load() does nothing once it is loading or loaded). */
function useOnDemand<P extends object>(loader: () => Promise<ComponentType<P>>) {
  const [Component, setComponent] = useState<ComponentType<P> | null>(null);
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  const start = () => {
    started.current = true;
    loader().then(
      (c) => setComponent(() => c),
      () => {
        started.current = false;
        setFailed(true);
      },
    );
  };
  return {
    Component,
    failed,
    load: () => {
      if (!started.current && !failed) start();
    },
    retry: () => {
      setFailed(false);
      start();
    },
  };
}
