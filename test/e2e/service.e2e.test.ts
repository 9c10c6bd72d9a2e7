import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { verifyRecord } from '../../server/service/record/record-verifier.js';
import { newContext } from '../support/browser.js';
import { customerJoins, drawSignature, tellerEndsCall, tellerLogsIn } from '../support/pages.js';
import { serverAndBrowser } from '../support/browser-suite.js';

const suite = serverAndBrowser();

describe('a guided contact change in two Chromium pages', () => {
  it('takes the customer from the pushed steps to a drawn signature, the downloaded record and a rating', async () => {
    const teller = await (await newContext(suite.browser)).newPage();
    const customer = await (await newContext(suite.browser)).newPage();
    const { policy, 'new-contact': contact } = EXAMPLE_VALUES['contact-change'] as Record<
      string,
      Record<string, string>
    >;

    await tellerLogsIn(teller, suite.server.url);
    await customerJoins(customer, suite.server.url);
    await teller.click('[data-testid=accept-offer]');

    // Step 1, with a correction asked by the teller.
    await teller.click('[data-testid=push-step]');
    await customer.fill('[name=policyNumber]', 'P2019000124');
    await customer.click('[data-testid=submit-step]');
    await teller.fill('[data-testid=correction-input]', '请核对保单号的最后一位');
    await teller.click('[data-testid=request-correction]');
    await expect.poll(() => customer.textContent('[data-testid=correction-message]')).toContain('最后一位');
    await customer.fill('[name=policyNumber]', policy!.policyNumber!);
    await customer.click('[data-testid=submit-step]');
    await expect
      .poll(() => teller.textContent('[data-testid=service-step-policy] [data-field=policyNumber]'))
      .toBe(policy!.policyNumber);
    await teller.click('[data-testid=confirm-step]');

    // Step 2: a bad phone is refused field by field, then the good one goes through.
    await teller.click('[data-testid=push-step]');
    await customer.fill('[name=mobilePhone]', '12345');
    await customer.fill('[name=address]', contact!.address!);
    await customer.click('[data-testid=submit-step]');
    await customer.waitForSelector('[data-testid=field-error-mobilePhone]');
    await customer.fill('[name=mobilePhone]', contact!.mobilePhone!);
    await customer.click('[data-testid=submit-step]');
    await teller.click('[data-testid=confirm-step]');

    // The signature: the summary's hash is shown (and matches the page's own hash), then drawn.
    await teller.click('[data-testid=request-signature]');
    const hash = customer.locator('[data-testid=summary-hash]');
    await expect.poll(() => hash.getAttribute('data-verified')).toBe('true');
    expect(await hash.textContent()).toMatch(/^[0-9a-f]{64}$/);
    await customer.click('[data-testid=submit-signature]');
    await customer.waitForSelector('[data-testid=signature-problem]');
    await drawSignature(customer);
    await customer.click('[data-testid=clear-signature]');
    await drawSignature(customer);
    await customer.click('[data-testid=submit-signature]');
    await teller.waitForSelector('img[data-testid=teller-signature]');

    await teller.click('[data-testid=complete-service]');
    await customer.waitForSelector('[data-testid=download-record]');
    // The call is recorded: its record is signed when the call ends, with the recording's manifest hash.
    await customer.click('[data-testid=download-record]');
    await expect
      .poll(() => customer.getAttribute('[data-testid=status-line]', 'data-i18n'))
      .toBe('service.recordAfterCall');
    // The teller leaves first: the record and the rating stay on the customer's end screen.
    await tellerEndsCall(teller);
    await customer.waitForSelector('[data-testid=call-ended] [data-testid=download-record]');
    expect(await customer.getAttribute('[data-testid=service-outcome]', 'data-outcome')).toBe('completed');
    // What was said during the call about downloading later is gone from the end screen.
    expect(await customer.getAttribute('[data-testid=status-line]', 'data-i18n')).not.toBe(
      'service.recordAfterCall',
    );
    const downloading = customer.waitForEvent('download');
    await customer.click('[data-testid=download-record]');
    const file = (await (await downloading).path())!;
    const pdf = fs.readFileSync(file);
    expect(verifyRecord(pdf)).toMatchObject({ valid: true, modifiedAfterSigning: false });
    await expect
      .poll(() => customer.getAttribute('[data-testid=record-note]', 'data-i18n'))
      .toBe('service.recordDownloaded');
    const { manifest_sha256: manifestSha256 } = await suite.server.kysely
      .selectFrom('recordings')
      .select('manifest_sha256')
      .where('status', '=', 'complete')
      .executeTakeFirstOrThrow();
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(manifestSha256!);

    await customer.check('[data-testid=rating] input[value="4"]');
    await customer.click('[data-testid=submit-rating]');
    await expect
      .poll(() => suite.server.kysely.selectFrom('call_ratings').select('score').execute())
      .toEqual([{ score: 4 }]);
  }, 90_000);
});
