using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Vern.Data;

namespace Vern.Features.Staff;

internal static class StaffFeature
{
    public static void AddStaff(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<StaffUser, IdentityRole>(o =>
            {
                // Length and a check against common passwords, not composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDb>()
            .AddUserStore<StaffUserStore>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "vern_staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The JSON API answers with status codes, never a redirect to the login page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // How soon a disabled, removed or reset account loses the sessions it already has.
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            // The check rebuilds the session from the account; the second factor it was signed in with stays.
            o.OnRefreshingPrincipal = ctx =>
            {
                if (ctx.CurrentPrincipal?.HasClaim("amr", "mfa") == true && ctx.NewPrincipal?.Identity is ClaimsIdentity identity)
                    identity.AddClaim(new Claim("amr", "mfa"));
                return Task.CompletedTask;
            };
        });

        services.AddSingleton<IAuthorizationHandler, StaffRequirementHandler>();
        services.AddAuthorizationBuilder()
            // Closed by default: a page or endpoint that names neither a policy nor AllowAnonymous is for
            // signed-in staff only, so a new console page forgotten in the conventions below is not public.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new StaffRequirement([.. StaffRoles.All])).Build())
            .AddPolicy(StaffPolicies.Enrol, p => p.RequireAuthenticatedUser())
            .AddStaffPolicies();
        services.AddScoped<StaffAccounts>();

        services.AddRazorPages(o =>
        {
            // The public pages: the demo website, the privacy centre and the API reference.
            o.Conventions.AllowAnonymousToFolder("/Site");
            o.Conventions.AllowAnonymousToFolder("/Centre");
            o.Conventions.AllowAnonymousToFolder("/Policies/Centre");
            o.Conventions.AllowAnonymousToFolder("/Rights/Centre");
            o.Conventions.AllowAnonymousToFolder("/Newsletter/Centre");
            o.Conventions.AllowAnonymousToFolder("/Customers/Centre");
            o.Conventions.AllowAnonymousToFolder("/Blocks/Centre");
            o.Conventions.AuthorizeFolder("/Customers/Portal", Customers.Portal.CustomerPortal.Policy);
            o.Conventions.AllowAnonymousToPage("/Reference/Api");
            // Every console page requires a staff role unless it opts out (login, logout, denied).
            o.Conventions.AuthorizeFolder("/Staff/Admin", StaffPolicies.Console);
            o.Conventions.AuthorizeFolder("/Subjects/Admin", StaffPolicies.ViewSubjects);
            o.Conventions.AuthorizePage("/Subjects/Admin/Hold", StaffPolicies.ManagePrivacy);
            o.Conventions.AuthorizeFolder("/Audit/Admin", StaffPolicies.ViewAudit);
            o.Conventions.AuthorizeFolder("/Policies/Admin", StaffPolicies.ManagePrivacy);
            o.Conventions.AuthorizeFolder("/Model/Admin", StaffPolicies.ManagePrivacy);
            o.Conventions.AuthorizeFolder("/Rights/Admin", StaffPolicies.ViewSubjects);
            o.Conventions.AuthorizeFolder("/Ropa/Admin", StaffPolicies.ViewRecords);
            o.Conventions.AuthorizeFolder("/Retention/Admin", StaffPolicies.ViewRecords);
            o.Conventions.AuthorizeFolder("/Newsletter/Admin", StaffPolicies.SendNewsletter);
            o.Conventions.AuthorizeFolder("/Customers/Admin", StaffPolicies.ManageCustomers);
            o.Conventions.AuthorizePage("/Customers/Admin/Contacts", StaffPolicies.ViewCustomerContacts);
            // The agreement's text is the privacy officer's, like the policy's.
            o.Conventions.AuthorizePage("/Customers/Admin/Agreements", StaffPolicies.ManagePrivacy);
            o.Conventions.AuthorizePage("/Customers/Admin/Agreement", StaffPolicies.ManagePrivacy);
            // Anyone on the staff reports an incident; the register is for those who handle or audit it.
            o.Conventions.AuthorizePage("/Breaches/Admin/Index", StaffPolicies.ViewIncidents);
            o.Conventions.AuthorizePage("/Breaches/Admin/Incident", StaffPolicies.ViewIncidents);
            o.Conventions.AuthorizePage("/Breaches/Admin/Notice", StaffPolicies.ViewIncidents);
            // Who was affected is personal data: privacy officers only.
            o.Conventions.AuthorizePage("/Breaches/Admin/People", StaffPolicies.ManageIncidents);
            o.Conventions.AuthorizePage("/Breaches/Admin/Report", StaffPolicies.Console);
            // What was disclosed under which order, and which disclosures people may not be told of yet: the privacy officer's alone.
            o.Conventions.AuthorizeFolder("/Disclosures/Admin", StaffPolicies.ManageDisclosures);
            // Auditors read blocks; those who handle fraud place, confirm and lift them (checked on each form).
            o.Conventions.AuthorizeFolder("/Blocks/Admin", StaffPolicies.ViewBlocks);
            o.Conventions.AuthorizeFolder("/Analytics/Admin", StaffPolicies.ViewStatistics);
            // Page by page: statistics and finding a visitor's decisions are for different roles.
            o.Conventions.AuthorizePage("/Consent/Admin/Index", StaffPolicies.ViewConsent);
            o.Conventions.AuthorizePage("/Consent/Admin/Visitor", StaffPolicies.FindConsent);
        });
    }

    private static AuthorizationBuilder AddStaffPolicies(this AuthorizationBuilder builder)
    {
        foreach (var (name, roles) in StaffPolicies.Roles)
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(new StaffRequirement(roles)));
        return builder;
    }

    private static Task ApiAwareRedirect(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}
