/** pg-boss queue names; each is also the name of its schedule. */
export const FOLLOW_UP_REMINDERS_QUEUE = 'follow-up-reminders';
export const NOTIFICATION_EMAILS_QUEUE = 'notification-emails';
