import type { Compliance } from './types.ts';

/** Control references reused by check metadata (PCI-DSS 4.0 requirements, SOC 2 trust services criteria). */
export const PCI = {
  strongAuth: { framework: 'PCI-DSS 4.0', control: '8.3.1 Strong authentication for users' },
  authFactorsProtected: {
    framework: 'PCI-DSS 4.0',
    control: '8.3.2 Authentication factors protected in transit and storage',
  },
  lockout: { framework: 'PCI-DSS 4.0', control: '8.3.4 Lockout after repeated failed attempts' },
  sessionIdle: { framework: 'PCI-DSS 4.0', control: '8.2.8 Re-authentication after idle sessions' },
  accessByNeed: { framework: 'PCI-DSS 4.0', control: '7.2.1 Access assigned by need to know' },
  secureCoding: {
    framework: 'PCI-DSS 4.0',
    control: '6.2.4 Software engineering techniques prevent common attacks',
  },
  strongCrypto: { framework: 'PCI-DSS 4.0', control: '4.2.1 Strong cryptography in transit' },
  keyManagement: { framework: 'PCI-DSS 4.0', control: '3.6.1 Cryptographic key protection' },
  errorHandling: { framework: 'PCI-DSS 4.0', control: '6.2.4 Error handling that does not leak information' },
} as const satisfies Record<string, Compliance>;

export const SOC2 = {
  logicalAccess: { framework: 'SOC 2', control: 'CC6.1 Logical access security' },
  credentials: { framework: 'SOC 2', control: 'CC6.2 Credential issuance and removal' },
  authorization: { framework: 'SOC 2', control: 'CC6.3 Role-based access authorization' },
  transmission: { framework: 'SOC 2', control: 'CC6.7 Protection of data in transmission' },
  monitoring: { framework: 'SOC 2', control: 'CC7.1 Detection of configuration vulnerabilities' },
} as const satisfies Record<string, Compliance>;
