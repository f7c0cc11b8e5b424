namespace Vern.Features.Breaches;

/// <summary>A quick report: enough to start the clock and reach the privacy officer.</summary>
internal sealed record IncidentReport(string? Title, string? Nature, DateTime? AwareAt);

/// <summary>What Art. 33(3) asks the authority to be told, as staff edit it; each part may be given in phases (Art. 33(4)).</summary>
internal sealed record IncidentDetails(
    string? Title, string? Nature, DateTime? AwareAt, DateTime? OccurredAt, IReadOnlyList<string> Categories, IReadOnlyList<string> SubjectKinds,
    int? ApproximateSubjects, int? ApproximateRecords, string? ContactPoint, string? Consequences, string? MeasuresTaken, string? MeasuresProposed,
    IncidentSystems? Systems = null);
