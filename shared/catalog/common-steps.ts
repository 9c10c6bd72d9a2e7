import type { FieldDefinition, StepDefinition } from './fields.js';

/** Steps and fields several services share. */
export const policyStep = {
  id: 'policy',
  title: { 'zh-CN': '保单信息', en: 'Policy' },
  fields: [
    { name: 'policyNumber', type: 'policy-number', label: { 'zh-CN': '保单号', en: 'Policy number' } },
  ],
} as const satisfies StepDefinition;

export const accountHolderField = {
  name: 'accountHolder',
  type: 'person-name',
  label: { 'zh-CN': '账户户名', en: 'Account holder' },
} as const satisfies FieldDefinition;

export const bankNameField = {
  name: 'bankName',
  type: 'text',
  minLength: 2,
  maxLength: 40,
  label: { 'zh-CN': '开户银行', en: 'Bank' },
} as const satisfies FieldDefinition;

export const bankAccountField = {
  name: 'accountNumber',
  type: 'bank-account',
  label: { 'zh-CN': '银行账号', en: 'Account number' },
} as const satisfies FieldDefinition;

/** Where money paid out to the customer goes. */
export const receivingAccountStep = {
  id: 'receiving-account',
  title: { 'zh-CN': '收款账户', en: 'Receiving account' },
  fields: [bankNameField, bankAccountField, accountHolderField],
} as const satisfies StepDefinition;

export function moneyField(name: string, zh: string, en: string, max = 100_000_000): FieldDefinition {
  return { name, type: 'money', max, label: { 'zh-CN': zh, en } };
}
