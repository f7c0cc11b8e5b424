using Vern.Infrastructure.Texts;

namespace Vern.Features.Analytics.Admin;

/// <summary>What the statistics dashboard says, in English and Norwegian: marketing reads it in either.</summary>
internal sealed record StatisticsTexts(
    string Title, string Lede, string OtherLanguage, string Site, string FirstDay, string LastDay, string Show, string Download,
    string Visitors, string Visits, string PageViews, string BounceRate, string MedianEngaged, string Change, string ChangePoints,
    string ChartTitle, string ChartDescription, string DayPageViews, string DayVisitors, string HourChartTitle, string HourChartDescription,
    string TopPages, string Page, string TopEntries, string EntryPage, string TopExits, string ExitPage, string TopReferrers, string Referrer,
    string TopSources, string Source, string TopCampaigns, string Campaign, string Devices, string Device, string Browsers, string Browser,
    string NoneInRange, string Goals, string Goal, string TimesReached, string VisitorsReached, string ConversionRate, string NoGoals,
    string Days, string Day, string Hours, string Hour, string DayFormat, string FromAfterTo, string RangeTooLong, string TodayAge) : ITexts;
