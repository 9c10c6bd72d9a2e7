import SignaturePad from 'signature_pad';
import { signatureProblem, type SignatureStroke } from '../../shared/domain/signature-strokes.js';
import { setText } from '../common/i18n.js';

export interface DrawnSignature {
  png: string;
  strokes: SignatureStroke[];
}

/**
 * The signature pad: finger or mouse, clear and redo. Strokes keep each
 * point's time relative to the first, in CSS pixels, as the server checks them.
 */
export class SignatureCapture {
  readonly element: HTMLElement;
  private readonly pad: SignaturePad;
  private readonly canvas: HTMLCanvasElement;
  private readonly problem: HTMLElement;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'signature';
    this.canvas = document.createElement('canvas');
    this.canvas.dataset.testid = 'signature-pad';
    this.canvas.className = 'signature-pad';
    this.problem = document.createElement('p');
    this.problem.className = 'field-error';
    this.problem.dataset.testid = 'signature-problem';
    this.problem.hidden = true;
    const hint = document.createElement('p');
    hint.className = 'muted';
    setText(hint, 'service.signHint');
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'button';
    clear.dataset.testid = 'clear-signature';
    setText(clear, 'service.signClear');
    clear.addEventListener('click', () => this.clear());
    this.element.append(hint, this.canvas, this.problem, clear);
    this.pad = new SignaturePad(this.canvas, { minWidth: 0.8, maxWidth: 2.5, penColor: '#111' });
    this.pad.addEventListener('beginStroke', () => (this.problem.hidden = true));
  }

  /** Sizes the canvas to its box once it is on screen; a resize would otherwise stretch the ink. */
  fit(): void {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const { width, height } = this.canvas.getBoundingClientRect();
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.getContext('2d')?.scale(ratio, ratio);
    this.pad.clear();
  }

  clear(): void {
    this.pad.clear();
    this.problem.hidden = true;
  }

  /** The drawing, or undefined (with the reason shown) when it is not a signature. */
  take(): DrawnSignature | undefined {
    const groups = this.pad.toData();
    const start = groups[0]?.points[0]?.time ?? 0;
    const strokes = groups.map((g) =>
      g.points.map((p) => ({
        x: Math.round(p.x * 10) / 10,
        y: Math.round(p.y * 10) / 10,
        t: p.time - start,
      })),
    );
    const problem = signatureProblem(strokes);
    if (problem) {
      setText(this.problem, `service.${problem}`);
      this.problem.hidden = false;
      return undefined;
    }
    return { png: this.pad.toDataURL('image/png'), strokes };
  }

  destroy(): void {
    this.pad.off();
  }
}
