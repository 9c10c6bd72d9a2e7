import { setText } from '../common/i18n.js';
import type { StatusLine } from '../common/status-line.js';

/** Five choices and an optional comment; `send` is called with the chosen score. */
export function ratingForm(
  send: (score: number, comment: string) => Promise<void>,
  status: StatusLine,
): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'rating';
  const group = document.createElement('fieldset');
  group.dataset.testid = 'rating';
  const legend = document.createElement('legend');
  setText(legend, 'service.rateTitle');
  group.append(legend);
  for (let score = 1; score <= 5; score++) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'rating';
    input.value = String(score);
    label.append(input, ` ${score} ★`);
    group.append(label);
  }
  const commentLabel = document.createElement('label');
  const caption = document.createElement('span');
  setText(caption, 'service.rateComment');
  const comment = document.createElement('textarea');
  comment.name = 'comment';
  comment.maxLength = 500;
  commentLabel.append(caption, comment);
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'button button-primary';
  submit.dataset.testid = 'submit-rating';
  setText(submit, 'service.rateSubmit');
  form.append(group, commentLabel, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name=rating]:checked');
    if (!chosen) return;
    submit.disabled = true;
    send(Number(chosen.value), comment.value.trim())
      .catch((error: unknown) => status.failure(error))
      .finally(() => (submit.disabled = false));
  });
  return form;
}
