using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>What the breach register says: its form mistakes, its timeline's steps, the risk levels and the privacy officers' reminder.</summary>
internal sealed record IncidentTexts(
    string Required, string TooLong, string AwareInFuture, string OccurredAfterAware, string UnknownCategory, string UnknownSubjectKind, string CountOutOfRange, string TimeInvalid,
    string RiskRequired, string NoticeNotNeeded, string NoticeTimeInvalid, string CloseUnassessed, string CloseUnnotified,
    string FieldTitle, string FieldNature, string FieldAwareAt, string FieldOccurredAt, string FieldCategories, string FieldSubjectKinds,
    string FieldApproximateSubjects, string FieldApproximateRecords, string FieldContactPoint, string FieldConsequences, string FieldMeasuresTaken, string FieldMeasuresProposed,
    string ReportedStep, string UpdatedStep, string AssessedStep, string NotifiedStep, string NotifiedLateStep, string RemindedStep, string ClosedStep,
    string RiskUnassessed, string RiskNone, string RiskRisk, string RiskHigh, string ReminderSubject, string ReminderBody,
    string ClockNotified, string ClockNotifiedLate, string ClockNotNotifiable, string ClockClosed, string ClockLeft, string ClockOverdue,
    string CustomersRequired, string CustomerWithoutContact, string CustomerToldPart, string CustomersNotifiedStep, string CustomersNotifiedLateStep,
    string NotKnownYet, string CustomerNoticeSubject, string CustomerNoticeBody,
    string LanguageInvalid, string PersonNotFound, string PeopleNoticeNotHighRisk, string PeopleNoneWaiting, string PeopleNotifiedStep,
    string PersonNoticeSubject, string PersonNoticeBody,
    string UnknownSystem, string FieldSystems, string SystemsStep, string SystemsNone, string SystemsRequired, string FilledFrom, string NothingToFill,
    string StoreVault, string StoreNewsletter, string StoreCustomerContacts, string StoreConsent,
    string CustomersReminderSubject, string CustomersReminderBody, string CustomersRemindedStep, string CustomersClockLeft, string CustomersClockOverdue) : ITexts;
