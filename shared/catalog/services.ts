/**
 * The services catalog, as data. Steps and field rules arrive with the guided
 * service issue; the risk and the check requirements are fixed here.
 */
export interface ServiceDefinition {
  id: string;
  names: { 'zh-CN': string; en: string };
  risk: 'low' | 'high';
  requiresFaceCheck: boolean;
  requiresSignature: boolean;
}

export const SERVICES = [
  {
    id: 'consultation',
    names: { 'zh-CN': '业务咨询', en: 'Consultation' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: false,
  },
  {
    id: 'contact-change',
    names: { 'zh-CN': '联系方式变更', en: 'Contact details change' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
  },
  {
    id: 'bank-authorization-change',
    names: { 'zh-CN': '转账授权变更', en: 'Bank transfer authorization change' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
  },
  {
    id: 'policy-loan',
    names: { 'zh-CN': '保单借款', en: 'Policy loan' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
  },
  {
    id: 'loan-repayment',
    names: { 'zh-CN': '借款还款', en: 'Loan repayment' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
  },
  {
    id: 'benefit-payout',
    names: { 'zh-CN': '生存金/满期金领取', en: 'Survival / maturity benefit payout' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
  },
  {
    id: 'policy-reinstatement',
    names: { 'zh-CN': '保单复效', en: 'Policy reinstatement' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: true,
  },
  {
    id: 'surrender',
    names: { 'zh-CN': '退保', en: 'Surrender' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
  },
  {
    id: 'claim-report',
    names: { 'zh-CN': '理赔报案', en: 'Claim report' },
    risk: 'low',
    requiresFaceCheck: false,
    requiresSignature: false,
  },
  {
    id: 'lost-policy-reissue',
    names: { 'zh-CN': '保单挂失补发', en: 'Lost policy report and reissue' },
    risk: 'high',
    requiresFaceCheck: true,
    requiresSignature: true,
  },
] as const satisfies readonly ServiceDefinition[];

export type ServiceId = (typeof SERVICES)[number]['id'];

export const SERVICE_IDS = SERVICES.map((s) => s.id) as [ServiceId, ...ServiceId[]];

export function findService(id: string): ServiceDefinition | undefined {
  return SERVICES.find((s) => s.id === id);
}
