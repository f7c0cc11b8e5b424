using System.Globalization;
using Vern.Infrastructure.Texts;

namespace Vern.Features.Breaches;

/// <summary>Where an incident's 72 hours stand, as the register and the warning on every console page say it.</summary>
internal static class IncidentClock
{
    private static IncidentTexts T => Text<IncidentTexts>.In(Languages.Default);

    public static string Describe(Incident incident, DateTime now)
    {
        if (incident.AuthorityNotifiedAt is { } notified)
            return Format(notified <= incident.Deadline ? T.ClockNotified : T.ClockNotifiedLate, Incidents.Instant(notified));
        if (incident.Risk == IncidentRisk.None)
            return T.ClockNotNotifiable;
        if (incident.ClosedAt is not null)
            return T.ClockClosed;
        var hours = (incident.Deadline - now).TotalHours;
        return hours >= 0 ? Format(T.ClockLeft, Math.Floor(hours)) : Format(T.ClockOverdue, Math.Ceiling(-hours));
    }

    public static bool Overdue(Incident incident, DateTime now) => incident.AwaitsNotice && now > incident.Deadline;

    private static string Format(string format, object arg) => string.Format(CultureInfo.InvariantCulture, format, arg);
}
