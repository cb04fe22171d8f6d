/** The API's shapes the interface uses (see /docs/openapi.json). */
export type Role = 'viewer' | 'staffer' | 'director' | 'admin';
export type Status = 'open' | 'in_progress' | 'partially_implemented' | 'implemented' | 'not_implemented' | 'withdrawn';
export type Priority = 'high' | 'medium' | 'low';
export type FollowUpStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

export interface Ref {
  id: string;
  name: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  offices: Ref[];
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Office {
  id: string;
  name: string;
  timeZone: string;
}

export interface PolicyArea {
  code: string;
  name: string;
}

export interface Source {
  id: string;
  title: string;
  author: string | null;
  publishedOn: string | null;
  url: string | null;
  kind: string;
}

export interface Recommendation {
  id: string;
  officeId: string;
  reference: string;
  title: string;
  text: string;
  policyArea: string;
  priority: Priority;
  addressees: string[];
  owners: Ref[];
  status: Status;
  statusChangedAt: string;
  sourceId: string | null;
  sourceLocator: string | null;
  parentId: string | null;
  targetDate: string | null;
  tags: string[];
  evidenceCount: number;
  openFollowUpCount: number;
  overdueFollowUpCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  type: 'status' | 'field';
  at: string;
  actor: Ref;
  from: string | Record<string, unknown> | null;
  to: string | Record<string, unknown>;
  reason?: string;
  evidenceIds?: string[];
  changes?: string[];
}

export interface Attachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Evidence {
  id: string;
  recommendationId: string;
  kind: string;
  title: string;
  summary: string | null;
  occurredOn: string;
  url: string | null;
  attachment: Attachment | null;
  createdBy: Ref;
  createdAt: string;
}

export interface Comment {
  id: string;
  body: string;
  createdBy: Ref;
  createdAt: string;
}

export interface FollowUp {
  id: string;
  recommendationId: string;
  officeId: string;
  title: string;
  details: string | null;
  assignee: Ref;
  assignedBy: Ref;
  dueOn: string;
  priority: Priority;
  status: FollowUpStatus;
  overdue: boolean;
  completedAt: string | null;
  version: number;
  createdAt: string;
}

export interface Observation {
  observedOn: string;
  value: number;
}

export interface Indicator {
  id: string;
  name: string;
  unit: string;
  betterWhen: 'higher' | 'lower';
  latest: Observation | null;
  previous: Observation | null;
  trend: 'improving' | 'worsening' | 'flat' | null;
}

export type StatusCounts = Record<Status, number>;

export interface ReportRow {
  id: string;
  reference: string;
  title: string;
  status: Status;
  stale: boolean;
  daysInStatus: number;
}

export interface OversightReport {
  office: Office | null;
  asOf: string;
  summary: {
    total: number;
    byStatus: StatusCounts;
    byPolicyArea: Record<string, StatusCounts>;
    implementedShare: number;
    openFollowUps: number;
    overdueFollowUps: number;
    stale: number;
  };
  recommendations: ReportRow[];
}

export interface SavedView {
  id: string;
  name: string;
  filters: Record<string, string | string[] | number>;
}

export interface SavedReport {
  id: string;
  title: string;
  format: string;
  filename: string;
  byteSize: number;
  office: Ref | null;
  createdBy: Ref;
  createdAt: string;
}
