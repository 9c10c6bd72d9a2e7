import type { ServiceId } from './services.js';
import type { StepValues } from './step-schema.js';

/**
 * Valid submissions for every step of every service, by step id: the catalog
 * tests start from them, and the sample record and the record bench use them.
 */
export const EXAMPLE_TODAY = '2025-03-14';

const policy = { policyNumber: 'P2019000123' };
const receivingAccount = {
  bankName: '中国工商银行',
  accountNumber: '6222 0200 1234 5678 901',
  accountHolder: '张三',
};

export const EXAMPLE_VALUES: Record<ServiceId, Record<string, StepValues>> = {
  consultation: { question: { topic: 'policy', question: '我的保单什么时候到期？' } },
  'contact-change': {
    policy,
    'new-contact': {
      mobilePhone: '138 0013 8000',
      address: '上海市浦东新区世纪大道100号',
      postalCode: '200120',
    },
  },
  'bank-authorization-change': {
    policy,
    'new-account': { ...receivingAccount, authorizes: true },
  },
  'policy-loan': {
    policy,
    'loan-terms': { cashValue: '50000', amount: '40000', termMonths: '6' },
    'receiving-account': receivingAccount,
  },
  'loan-repayment': { policy, repayment: { amount: '12000.5', method: 'bank-transfer' } },
  'benefit-payout': {
    policy,
    benefit: { benefitType: 'maturity', amount: '88000' },
    'receiving-account': receivingAccount,
  },
  'policy-reinstatement': {
    policy,
    reinstatement: {
      lapseDate: '2024-11-02',
      arrearsPaid: '3600',
      interestWaiver: 'within-window',
      healthDeclaration: true,
    },
  },
  surrender: {
    policy,
    retention: { decision: 'proceed' },
    'receiving-account': receivingAccount,
  },
  'claim-report': {
    policy,
    incident: { incidentDate: '2025-03-01', incidentType: 'illness', description: '因肺炎住院治疗七天' },
    documents: {
      supportingDocument: {
        documentId: 'doc-1',
        sha256: 'ab'.repeat(32),
        mediaType: 'application/pdf',
        byteLength: 120_000,
      },
    },
  },
  'lost-policy-reissue': {
    policy,
    'loss-report': {
      lossDate: '2025-02-20',
      circumstances: '搬家时遗失',
      deliveryAddress: '北京市海淀区中关村大街1号',
    },
  },
};

/** What the teller presents with the surrender retention step. */
export const EXAMPLE_RETENTION_PRESENTED = {
  coverageLost: '身故保障 50 万元及重大疾病保障 30 万元',
  cashValue: '42000',
  premiumsPaid: '60000',
};
