using System.Text.Json.Serialization;

namespace Vern.Features.Rights;

/// <summary>How a request reached the company: the privacy centre's form, or one that staff log with the date of receipt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestChannel>))]
internal enum RequestChannel
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("letter")] Letter,
    [JsonStringEnumMemberName("phone")] Phone,
}
