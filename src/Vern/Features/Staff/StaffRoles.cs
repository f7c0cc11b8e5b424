using System.Security.Claims;

namespace Vern.Features.Staff;

/// <summary>
/// The roles staff can hold. What each may do is listed in the README ("Staff roles") and
/// enforced by the policies in <see cref="StaffPolicies"/>.
/// </summary>
internal static class StaffRoles
{
    /// <summary>Owns the privacy definition, handles requests, manages staff, reads everything. Needs two-factor.</summary>
    public const string PrivacyOfficer = "privacy-officer";
    /// <summary>Finds people and views their data (each view audited with a reason) to handle requests. Needs two-factor.</summary>
    public const string Support = "support";
    /// <summary>Works with the newsletter and analytics; no access to people's decrypted data.</summary>
    public const string Marketing = "marketing";
    /// <summary>Reads and verifies the audit trail; no access to people's decrypted data.</summary>
    public const string Auditor = "auditor";

    /// <summary>Creates and edits customers (the processor role) and adds their contacts; sees no one's personal data.</summary>
    public const string AccountManager = "account-manager";

    public static IReadOnlyList<string> All { get; } = [PrivacyOfficer, Support, Marketing, Auditor, AccountManager];

    /// <summary>
    /// The roles that can see people's personal data (<see cref="StaffPolicies.ViewSubjects"/>,
    /// <see cref="StaffPolicies.FindConsent"/>): they must not rest on a password alone.
    /// </summary>
    public static IReadOnlyList<string> RequiringTwoFactor { get; } = [PrivacyOfficer, Support];

    /// <summary>The user holds a role that needs two-factor but this session was not signed in with it.</summary>
    public static bool LacksRequiredSecondFactor(ClaimsPrincipal user) =>
        RequiringTwoFactor.Any(user.IsInRole) && !user.HasClaim("amr", "mfa");
}

internal static class StaffPolicies
{
    /// <summary>Any staff member: the console's home page.</summary>
    public const string Console = "staff.console";
    public const string ViewSubjects = "staff.view-subjects";
    public const string ViewAudit = "staff.view-audit";
    /// <summary>The Records of Processing (GDPR Art. 30): the company's processing, no one's personal data.</summary>
    public const string ViewRecords = "staff.view-records";
    /// <summary>Consent statistics and ledger verification: counts and hashes, no one's decisions.</summary>
    public const string ViewConsent = "staff.view-consent";
    /// <summary>A visitor's recorded decisions, found by visitor id; each search is audited.</summary>
    public const string FindConsent = "staff.find-consent";
    public const string ManageStaff = "staff.manage";
    /// <summary>Editing the privacy definition and publishing policy versions.</summary>
    public const string ManagePrivacy = "staff.manage-privacy";
    /// <summary>Logging, extending and refusing data-subject requests: steps the controller answers for to the regulator.</summary>
    public const string HandleRequests = "staff.handle-requests";
    /// <summary>Writing, testing and scheduling newsletter campaigns, and their figures: counts, never who.</summary>
    public const string SendNewsletter = "staff.newsletter";
    /// <summary>Customers of the processor role, their licences and instructions: no one's personal data.</summary>
    public const string ManageCustomers = "staff.manage-customers";
    /// <summary>A customer's privacy contacts, opened from the vault; each view is audited.</summary>
    public const string ViewCustomerContacts = "staff.view-customer-contacts";
    /// <summary>The breach register: incidents, their assessment and notification; not the people affected.</summary>
    public const string ViewIncidents = "staff.view-incidents";
    /// <summary>Completing, assessing, notifying and closing incidents: the controller's duty under Art. 33.</summary>
    public const string ManageIncidents = "staff.manage-incidents";
    /// <summary>The register of statutory disclosures: recording them, and lifting or extending a gag; the people concerned are linked, not shown.</summary>
    public const string ManageDisclosures = "staff.manage-disclosures";
    /// <summary>Fraud blocks and their contests: who is blocked, why and until when.</summary>
    public const string ViewBlocks = "staff.view-blocks";
    /// <summary>Placing, confirming and lifting blocks, and deciding contests: the people who handle fraud.</summary>
    public const string ManageBlocks = "staff.manage-blocks";
    /// <summary>Website statistics: counts per day, page and source, no visitor.</summary>
    public const string ViewStatistics = "staff.view-statistics";
    /// <summary>Signed in, whatever the role or second factor: only for setting up two-factor.</summary>
    public const string Enrol = "staff.enrol";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Console] = [.. StaffRoles.All],
        [ViewSubjects] = [StaffRoles.PrivacyOfficer, StaffRoles.Support],
        [ViewAudit] = [StaffRoles.PrivacyOfficer, StaffRoles.Auditor],
        [ViewRecords] = [StaffRoles.PrivacyOfficer, StaffRoles.Auditor],
        [ViewConsent] = [StaffRoles.PrivacyOfficer, StaffRoles.Marketing, StaffRoles.Auditor],
        [FindConsent] = [StaffRoles.PrivacyOfficer, StaffRoles.Support],
        [ManageStaff] = [StaffRoles.PrivacyOfficer],
        [ManagePrivacy] = [StaffRoles.PrivacyOfficer],
        [HandleRequests] = [StaffRoles.PrivacyOfficer],
        [SendNewsletter] = [StaffRoles.PrivacyOfficer, StaffRoles.Marketing],
        [ManageCustomers] = [StaffRoles.PrivacyOfficer, StaffRoles.AccountManager],
        [ViewCustomerContacts] = [StaffRoles.PrivacyOfficer],
        [ViewIncidents] = [StaffRoles.PrivacyOfficer, StaffRoles.Support, StaffRoles.Auditor],
        [ManageIncidents] = [StaffRoles.PrivacyOfficer],
        [ManageDisclosures] = [StaffRoles.PrivacyOfficer],
        [ViewBlocks] = [StaffRoles.PrivacyOfficer, StaffRoles.Support, StaffRoles.Auditor],
        [ManageBlocks] = [StaffRoles.PrivacyOfficer, StaffRoles.Support],
        [ViewStatistics] = [StaffRoles.PrivacyOfficer, StaffRoles.Marketing],
    };
}
