/** Reference data: the policy areas recommendations are filed under. */
export const POLICY_AREAS: { code: string; name: string }[] = [
  { code: 'border_migration', name: 'Border security and migration' },
  { code: 'trade_investment', name: 'Trade and investment' },
  { code: 'security_counternarcotics', name: 'Security cooperation and counternarcotics' },
  { code: 'democracy_governance', name: 'Democracy, governance and human rights' },
  { code: 'foreign_policy', name: 'Foreign policy' },
  { code: 'congressional_engagement', name: 'Congressional engagement and oversight' },
];
