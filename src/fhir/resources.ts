// The few FHIR R4 shapes the facade builds, typed loosely enough to stay small: each is checked against
// the R4 base specification by @medplum/core's validator in the tests (fhirApi.test.ts).
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface Identifier {
  system?: string;
  value?: string;
}
export interface Reference {
  reference?: string;
  display?: string;
  identifier?: Identifier;
}
export interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueDate?: string;
  valueCode?: string;
  valueString?: string;
  valueInteger?: number;
}
export interface Meta {
  versionId?: string;
  lastUpdated?: string;
}

export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  [element: string]: unknown;
}

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
  search: { mode: 'match' | 'include' };
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: { relation: string; url: string }[];
  entry: BundleEntry[];
}
