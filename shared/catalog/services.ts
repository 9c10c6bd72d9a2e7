import {
  accountHolderField,
  bankAccountField,
  bankNameField,
  moneyField,
  policyStep,
  receivingAccountStep,
} from './common-steps.js';
import type { Label, StepDefinition } from './fields.js';

/**
 * The services catalog, as data: names, risk, the checks a service needs and
 * its ordered steps. The order is the service's: a step cannot be skipped.
 */
export interface ServiceDefinition {
  id: string;
  names: Label;
  risk: 'low' | 'high';
  requiresFaceCheck: boolean;
  requiresSignature: boolean;
  steps: readonly StepDefinition[];
}

const MB = 1024 * 1024;

export const SERVICES = [
  {
    id: 'consultation',
    names: { 'zh-CN': '业务咨询', en: 'Consultation' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: false,
    steps: [
      {
        id: 'question',
        title: { 'zh-CN': '咨询内容', en: 'Question' },
        fields: [
          {
            name: 'topic',
            type: 'choice',
            label: { 'zh-CN': '咨询类别', en: 'Topic' },
            options: [
              { value: 'policy', label: { 'zh-CN': '保单', en: 'Policy' } },
              { value: 'claim', label: { 'zh-CN': '理赔', en: 'Claim' } },
              { value: 'payment', label: { 'zh-CN': '缴费', en: 'Payment' } },
              { value: 'other', label: { 'zh-CN': '其他', en: 'Other' } },
            ],
          },
          {
            name: 'question',
            type: 'text',
            minLength: 2,
            maxLength: 500,
            multiline: true,
            label: { 'zh-CN': '问题', en: 'Question' },
          },
        ],
      },
    ],
  },
  {
    id: 'contact-change',
    names: { 'zh-CN': '联系方式变更', en: 'Contact details change' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'new-contact',
        title: { 'zh-CN': '新联系方式', en: 'New contact details' },
        fields: [
          { name: 'mobilePhone', type: 'mobile-phone', label: { 'zh-CN': '手机号码', en: 'Mobile phone' } },
          { name: 'address', type: 'address', label: { 'zh-CN': '联系地址', en: 'Address' } },
          {
            name: 'postalCode',
            type: 'postal-code',
            optional: true,
            label: { 'zh-CN': '邮政编码', en: 'Postal code' },
          },
        ],
      },
    ],
  },
  {
    id: 'bank-authorization-change',
    names: { 'zh-CN': '转账授权变更', en: 'Bank transfer authorization change' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'new-account',
        title: { 'zh-CN': '新授权账户', en: 'New authorized account' },
        fields: [
          bankNameField,
          bankAccountField,
          accountHolderField,
          {
            name: 'authorizes',
            type: 'acknowledgement',
            label: {
              'zh-CN': '本人授权保险公司从该账户划扣保费',
              en: 'I authorize the insurer to debit premiums from this account',
            },
          },
        ],
      },
    ],
  },
  {
    id: 'policy-loan',
    names: { 'zh-CN': '保单借款', en: 'Policy loan' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'loan-terms',
        title: { 'zh-CN': '借款金额与期限', en: 'Loan amount and term' },
        fields: [
          moneyField('cashValue', '保单现金价值', 'Cash value of the policy'),
          moneyField('amount', '借款金额', 'Loan amount'),
          {
            name: 'termMonths',
            type: 'integer',
            min: 1,
            max: 6,
            unit: { 'zh-CN': '个月', en: 'months' },
            label: { 'zh-CN': '借款期限', en: 'Term' },
          },
        ],
        checks: ['loan-within-cash-value'],
      },
      receivingAccountStep,
    ],
  },
  {
    id: 'loan-repayment',
    names: { 'zh-CN': '借款还款', en: 'Loan repayment' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'repayment',
        title: { 'zh-CN': '还款信息', en: 'Repayment' },
        fields: [
          moneyField('amount', '还款金额', 'Amount repaid'),
          {
            name: 'method',
            type: 'choice',
            label: { 'zh-CN': '还款方式', en: 'Method' },
            options: [
              { value: 'bank-debit', label: { 'zh-CN': '银行划扣', en: 'Bank debit' } },
              { value: 'bank-transfer', label: { 'zh-CN': '银行转账', en: 'Bank transfer' } },
            ],
          },
        ],
      },
    ],
  },
  {
    id: 'benefit-payout',
    names: { 'zh-CN': '生存金/满期金领取', en: 'Survival / maturity benefit payout' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'benefit',
        title: { 'zh-CN': '领取项目', en: 'Benefit' },
        fields: [
          {
            name: 'benefitType',
            type: 'choice',
            label: { 'zh-CN': '领取类型', en: 'Benefit type' },
            options: [
              { value: 'survival', label: { 'zh-CN': '生存金', en: 'Survival benefit' } },
              { value: 'maturity', label: { 'zh-CN': '满期金', en: 'Maturity benefit' } },
            ],
          },
          moneyField('amount', '领取金额', 'Amount'),
        ],
      },
      receivingAccountStep,
    ],
  },
  {
    id: 'policy-reinstatement',
    names: { 'zh-CN': '保单复效', en: 'Policy reinstatement' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'reinstatement',
        title: { 'zh-CN': '复效申请', en: 'Reinstatement' },
        fields: [
          { name: 'lapseDate', type: 'past-date', label: { 'zh-CN': '保单失效日期', en: 'Lapse date' } },
          moneyField('arrearsPaid', '补交保费', 'Premiums in arrears paid'),
          {
            name: 'interestWaiver',
            type: 'choice',
            label: { 'zh-CN': '利息减免', en: 'Interest waiver' },
            options: [
              { value: 'within-window', label: { 'zh-CN': '在减免期内', en: 'Within the waiver window' } },
              { value: 'none', label: { 'zh-CN': '不适用', en: 'Not applicable' } },
            ],
          },
          {
            name: 'healthDeclaration',
            type: 'acknowledgement',
            label: {
              'zh-CN': '本人如实告知失效期间的健康状况',
              en: 'I have truthfully declared my health since the lapse',
            },
          },
        ],
      },
    ],
  },
  {
    id: 'surrender',
    names: { 'zh-CN': '退保', en: 'Surrender' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'retention',
        title: { 'zh-CN': '退保损失告知', en: 'What a surrender gives up' },
        presentedFields: [
          {
            name: 'coverageLost',
            type: 'text',
            minLength: 2,
            maxLength: 500,
            multiline: true,
            label: { 'zh-CN': '将失去的保障', en: 'Coverage given up' },
          },
          moneyField('cashValue', '可退现金价值', 'Cash value paid out'),
          moneyField('premiumsPaid', '已交保费', 'Premiums paid so far'),
        ],
        fields: [
          {
            name: 'decision',
            type: 'choice',
            label: { 'zh-CN': '您的决定', en: 'Your decision' },
            options: [
              { value: 'proceed', label: { 'zh-CN': '继续退保', en: 'Surrender the policy' } },
              { value: 'withdraw', label: { 'zh-CN': '保留保单', en: 'Keep the policy' } },
            ],
          },
        ],
        withdrawField: 'decision',
      },
      receivingAccountStep,
    ],
  },
  {
    id: 'claim-report',
    names: { 'zh-CN': '理赔报案', en: 'Claim report' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: false,
    steps: [
      policyStep,
      {
        id: 'incident',
        title: { 'zh-CN': '出险经过', en: 'Incident' },
        fields: [
          {
            name: 'incidentDate',
            type: 'past-date',
            label: { 'zh-CN': '出险日期', en: 'Date of the incident' },
          },
          {
            name: 'incidentType',
            type: 'choice',
            label: { 'zh-CN': '出险类型', en: 'Type' },
            options: [
              { value: 'illness', label: { 'zh-CN': '疾病', en: 'Illness' } },
              { value: 'accident', label: { 'zh-CN': '意外', en: 'Accident' } },
              { value: 'death', label: { 'zh-CN': '身故', en: 'Death' } },
            ],
          },
          {
            name: 'description',
            type: 'text',
            minLength: 5,
            maxLength: 1000,
            multiline: true,
            label: { 'zh-CN': '经过描述', en: 'What happened' },
          },
        ],
      },
      {
        id: 'documents',
        title: { 'zh-CN': '理赔材料', en: 'Documents' },
        fields: [
          {
            name: 'supportingDocument',
            type: 'document',
            maxBytes: 10 * MB,
            accept: ['application/pdf', 'image/jpeg', 'image/png'],
            label: { 'zh-CN': '病历、发票或事故证明', en: 'Medical record, invoice or incident report' },
          },
        ],
      },
    ],
  },
  {
    id: 'lost-policy-reissue',
    names: { 'zh-CN': '保单挂失补发', en: 'Lost policy report and reissue' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
    steps: [
      policyStep,
      {
        id: 'loss-report',
        title: { 'zh-CN': '挂失与补发', en: 'Loss report and reissue' },
        fields: [
          { name: 'lossDate', type: 'past-date', label: { 'zh-CN': '遗失日期', en: 'Date of the loss' } },
          {
            name: 'circumstances',
            type: 'text',
            minLength: 2,
            maxLength: 300,
            multiline: true,
            label: { 'zh-CN': '遗失经过', en: 'Circumstances' },
          },
          {
            name: 'deliveryAddress',
            type: 'address',
            label: { 'zh-CN': '补发寄送地址', en: 'Deliver the new policy to' },
          },
        ],
      },
    ],
  },
] as const satisfies readonly ServiceDefinition[];

export type ServiceId = (typeof SERVICES)[number]['id'];

export const SERVICE_IDS = SERVICES.map((s) => s.id) as [ServiceId, ...ServiceId[]];

export function findService(id: string): ServiceDefinition | undefined {
  return SERVICES.find((s) => s.id === id);
}
