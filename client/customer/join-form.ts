import type { CreateTicketRequest, CreateTicketResponse } from '../../shared/contracts/ticket.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, callApi } from '../common/api.js';
import { fillCatalogSelect } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { getLocale, setText } from '../common/i18n.js';
import { isElderly } from '../../shared/domain/priority.js';
import { DIALECT_IDS } from '../../shared/catalog/languages.js';
import { validateResidentId } from '../../shared/domain/resident-id.js';
import { errorMessageKey, type StatusLine } from '../common/status-line.js';
import { FieldErrors } from './field-errors.js';
import {
  FIELDS,
  fieldForPath,
  residentIdProblem,
  validateTicketRequest,
  type FieldName,
} from './validation.js';

export interface JoinFormEvents {
  onJoined(response: CreateTicketResponse): void;
  /** The ID number entered shows a customer aged 65 or more. */
  onElderlyId(): void;
  /** Asks for the camera and microphone; false stops the join (the page says how to allow them). */
  mediaReady(): Promise<boolean>;
}

/** The join form: validates in the page, then asks the server for a queue ticket. */
export class JoinForm {
  private readonly errors: FieldErrors;
  private readonly consent: HTMLInputElement;
  private readonly fallback: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private busy = false;
  private elderlyId = false;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly status: StatusLine,
    private readonly events: JoinFormEvents,
  ) {
    this.errors = new FieldErrors(form);
    this.consent = byTestId<HTMLInputElement>('consent-recording', form);
    this.fallback = byTestId<HTMLInputElement>('mandarin-fallback', form);
    this.submit = byTestId<HTMLButtonElement>('join-queue', form);
    fillCatalogSelect(this.select('service'), 'service');
    fillCatalogSelect(this.select('language'), 'language');
    this.consent.addEventListener('change', () => this.syncSubmit());
    this.select('idType').addEventListener('change', () => this.onIdTypeChange());
    this.select('language').addEventListener('change', () => this.syncFallback());
    this.errors.control('idNumber').addEventListener('blur', () => this.checkIdNumber());
    for (const name of FIELDS) {
      this.errors.control(name).addEventListener('input', () => {
        if (name !== 'idNumber' || !this.hasIdProblem()) this.errors.clear(name);
        if (name === 'idNumber') this.checkAge();
      });
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.join();
    });
    this.onIdTypeChange();
    this.syncFallback();
    this.syncSubmit();
  }

  /** Ready for a new visit: the recording consent is asked again each time. */
  reset(): void {
    this.consent.checked = false;
    this.elderlyId = false;
    this.errors.clearAll(FIELDS);
    this.busy = false;
    this.syncSubmit();
  }

  private select(name: FieldName): HTMLSelectElement {
    return this.errors.control(name) as HTMLSelectElement;
  }

  private value(name: FieldName): string {
    return this.errors.control(name).value.trim();
  }

  private request(): Record<string, unknown> {
    return {
      fullName: this.value('fullName'),
      idType: this.value('idType'),
      idNumber: this.value('idNumber'),
      phone: this.value('phone'),
      serviceId: this.value('service'),
      language: this.value('language'),
      uiLocale: getLocale(),
      consentRecording: this.consent.checked,
      mandarinFallback: this.isDialect() && this.fallback.checked,
    };
  }

  private isDialect(): boolean {
    return DIALECT_IDS.includes(this.value('language'));
  }

  private syncFallback(): void {
    byTestId('mandarin-fallback-field', this.form).hidden = !this.isDialect();
  }

  /** Notices an elderly customer as soon as a complete resident ID shows it, once per number. */
  private checkAge(): void {
    const result = this.value('idType') === 'cn-resident' ? validateResidentId(this.value('idNumber')) : null;
    const elderly = result?.valid === true && isElderly(result.birthDate, new Date());
    if (elderly && !this.elderlyId) this.events.onElderlyId();
    this.elderlyId = elderly;
  }

  private syncSubmit(): void {
    this.submit.disabled = this.busy || !this.consent.checked;
    setText(byTestId('join-label', this.submit), this.busy ? 'form.joining' : 'form.join');
  }

  private onIdTypeChange(): void {
    const isResident = this.value('idType') === 'cn-resident';
    byTestId('id-number-hint', this.form).hidden = !isResident;
    if (this.value('idNumber')) this.checkIdNumber();
    this.checkAge();
  }

  private hasIdProblem(): boolean {
    return residentIdProblem(this.value('idType'), this.value('idNumber')) !== null;
  }

  /** Live feedback on the ID number, the field people most often mistype. */
  private checkIdNumber(): void {
    const problem = residentIdProblem(this.value('idType'), this.value('idNumber'));
    if (problem) this.errors.show('idNumber', problem);
    else this.errors.clear('idNumber');
  }

  private showProblems(problems: Map<FieldName, string>): void {
    this.errors.clearAll(FIELDS);
    for (const [name, code] of problems) this.errors.show(name, code);
    this.status.error('form.fix');
    const first = FIELDS.find((name) => problems.has(name));
    if (first) this.errors.control(first).focus();
  }

  private async join(): Promise<void> {
    if (this.busy) return;
    const request = this.request();
    const problems = validateTicketRequest(request);
    if (problems.size > 0) {
      this.showProblems(problems);
      return;
    }
    this.busy = true;
    this.syncSubmit();
    try {
      // Nobody joins the line who cannot be seen and heard: the teller would wait on a black screen.
      if (!(await this.events.mediaReady())) return;
      // validateTicketRequest found no problem: the form is what the contract asks for.
      const body = request as CreateTicketRequest;
      const response = await callApi(restRoutes.createTicket, { body });
      this.status.clear();
      this.events.onJoined(response);
    } catch (error) {
      this.onFailure(error);
    } finally {
      this.busy = false;
      this.syncSubmit();
    }
  }

  private onFailure(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.status.failure(error);
      return;
    }
    const problems = new Map<FieldName, string>();
    for (const issue of error.fields) {
      const field = fieldForPath(issue.path);
      if (field && !problems.has(field)) problems.set(field, issue.code);
    }
    if (problems.size > 0) this.showProblems(problems);
    else this.status.error(errorMessageKey(error.code));
  }
}
