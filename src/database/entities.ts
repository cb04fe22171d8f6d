import { AuditEvent } from '../audit/audit-event.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { LoginFailure } from '../auth/login-failure.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Comment } from '../comments/comment.entity';
import { EvidenceAttachment } from '../evidence/evidence-attachment.entity';
import { Evidence } from '../evidence/evidence.entity';
import { FollowUp } from '../follow-ups/follow-up.entity';
import { IndicatorObservation } from '../indicators/indicator-observation.entity';
import { Indicator } from '../indicators/indicator.entity';
import { Notification } from '../notifications/notification.entity';
import { Office } from '../offices/office.entity';
import { PolicyArea } from '../policy-areas/policy-area.entity';
import { Recommendation } from '../recommendations/recommendation.entity';
import { StatusChange } from '../recommendations/status-change.entity';
import { SavedReport } from '../reports/saved-report.entity';
import { SavedView } from '../saved-views/saved-view.entity';
import { SourceDocument } from '../sources/source-document.entity';
import { User } from '../users/user.entity';

/** Every entity of the schema; listed, not globbed, so the app, the CLI and the tests load the same set. */
export const ENTITIES = [
  Office,
  User,
  AuthSession,
  RefreshToken,
  LoginFailure,
  AuditEvent,
  PolicyArea,
  SourceDocument,
  Recommendation,
  StatusChange,
  Evidence,
  EvidenceAttachment,
  Comment,
  FollowUp,
  Notification,
  Indicator,
  IndicatorObservation,
  SavedView,
  SavedReport,
];
