using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ScenarioSetsApiTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>The example of the REST contract's "Scenarios" section.</summary>
    internal static JsonObject ScenarioSet() => new()
    {
        ["scenarios"] = new JsonArray(
            new JsonObject { ["id"] = "rates+25", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:*", ["kind"] = "parallel", ["amount"] = 25 }) },
            new JsonObject
            {
                ["id"] = "crash",
                ["shifts"] = new JsonArray(
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = -0.2 },
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "volAbsolute", ["amount"] = 0.1 }),
            },
            new JsonObject
            {
                ["id"] = "2y+10",
                ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:USD-SOFR", ["kind"] = "pillar", ["date"] = "2026-01-15", ["amount"] = 10 }),
            }),
        ["generate"] = new JsonObject { ["count"] = 250, ["seed"] = 42, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
    };

    [Fact]
    public async Task StoringASetCreatesIt_EchoesIt_AndTheSameBodyAgainChangesNothing()
    {
        var id = NewId();

        var created = await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", ScenarioSet());
        var again = await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", ScenarioSet());
        var read = await Client.GetAsync($"/v1/scenario-sets/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/v1/scenario-sets/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(id, body.GetProperty("id").GetString());
        var set = body.GetProperty("scenarioSet");
        Assert.Equal(["rates+25", "crash", "2y+10"], set.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var pillar = set.GetProperty("scenarios")[2].GetProperty("shifts")[0];
        Assert.Equal("pillar", pillar.GetProperty("kind").GetString());
        Assert.Equal("2026-01-15", pillar.GetProperty("date").GetString());
        Assert.False(set.GetProperty("scenarios")[0].GetProperty("shifts")[0].TryGetProperty("date", out _));
        Assert.Equal(250, set.GetProperty("generate").GetProperty("count").GetInt32());
        Assert.Equal(42, set.GetProperty("generate").GetProperty("seed").GetInt64());
        Assert.Equal(set.GetRawText(), JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("scenarioSet").GetRawText());
        Assert.Equal(set.GetRawText(), JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("scenarioSet").GetRawText());
    }

    [Fact]
    public async Task KindsAndTargetPrefixesAreCaseInsensitive_AndStoredInTheContractsSpelling()
    {
        var id = NewId();
        await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", ScenarioSet());
        var shouted = ScenarioSet();
        shouted["scenarios"]![1]!["shifts"]![0]!["kind"] = "SPOTRELATIVE";
        shouted["scenarios"]![1]!["shifts"]![0]!["target"] = "Equity:*";

        var response = await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", shouted);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shift = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("scenarioSet").GetProperty("scenarios")[1].GetProperty("shifts")[0];
        Assert.Equal("spotRelative", shift.GetProperty("kind").GetString());
        Assert.Equal("equity:*", shift.GetProperty("target").GetString());
    }

    [Fact]
    public async Task AChangedSetUnderAStoredIdIsAConflictAndTheStoredSetStays()
    {
        var id = NewId();
        await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", ScenarioSet());
        var changed = ScenarioSet();
        changed["scenarios"]![0]!["shifts"]![0]!["amount"] = 26;

        var conflict = await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", changed);
        var stored = await Client.GetFromJsonAsync<JsonElement>($"/v1/scenario-sets/{id}");

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(25, stored.GetProperty("scenarioSet").GetProperty("scenarios")[0].GetProperty("shifts")[0].GetProperty("amount").GetDouble());
    }

    [Fact]
    public async Task AnUnknownSetIsNotFound()
    {
        var response = await Client.GetAsync($"/v1/scenario-sets/{NewId()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ASetOfOnlyGeneratedScenariosOrOnlyListedOnesIsAccepted()
    {
        var generated = ScenarioSet();
        generated.Remove("scenarios");
        var listed = ScenarioSet();
        listed.Remove("generate");

        var first = await Client.PutAsJsonAsync($"/v1/scenario-sets/{NewId()}", generated);
        var second = await Client.PutAsJsonAsync($"/v1/scenario-sets/{NewId()}", listed);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("scenarioSet").TryGetProperty("generate", out _));
    }

    [Theory]
    [InlineData("unknown kind", "scenarios[1].shifts[0].kind")]
    [InlineData("count zero", "generate.count")]
    [InlineData("count too large", "generate.count")]
    [InlineData("count fractional", "generate.count")]
    [InlineData("seed fractional", "generate.seed")]
    [InlineData("seed text", "generate.seed")]
    [InlineData("seed missing", "generate.seed")]
    [InlineData("negative std dev", "generate.curveParallelBpStdDev")]
    [InlineData("spot std dev too large", "generate.spotRelativeStdDev")]
    [InlineData("empty id", "scenarios[0].id")]
    [InlineData("repeated id", "scenarios[2].id")]
    [InlineData("generated id", "scenarios[0].id")]
    [InlineData("bad target prefix", "scenarios[0].shifts[0].target")]
    [InlineData("target without name", "scenarios[0].shifts[0].target")]
    [InlineData("equity target for a curve kind", "scenarios[0].shifts[0].target")]
    [InlineData("curve target for an equity kind", "scenarios[1].shifts[1].target")]
    [InlineData("pillar without date", "scenarios[2].shifts[0].date")]
    [InlineData("pillar date not a date", "scenarios[2].shifts[0].date")]
    [InlineData("date on a parallel shift", "scenarios[0].shifts[0].date")]
    [InlineData("too many basis points", "scenarios[0].shifts[0].amount")]
    [InlineData("spot to zero", "scenarios[1].shifts[0].amount")]
    [InlineData("vol shift too large", "scenarios[1].shifts[1].amount")]
    [InlineData("amount as text", "scenarios[0].shifts[0].amount")]
    [InlineData("amount missing", "scenarios[0].shifts[0].amount")]
    [InlineData("misspelt field", "scenarios[0].shifts[0].amonut", "scenarios[0].shifts[0].amount")]
    [InlineData("shifts not an array", "scenarios[1].shifts")]
    [InlineData("scenario not an object", "scenarios[1]")]
    [InlineData("nothing to run", "scenarios")]
    [InlineData("unknown top-level field", "scenarioz")]
    public async Task ABadFieldIsNamedByItsPath_AndNothingIsStored(string mistake, params string[] paths)
    {
        var id = NewId();
        var body = ScenarioSet();
        Break(body, mistake);

        var response = await Client.PutAsJsonAsync($"/v1/scenario-sets/{id}", body);
        var after = await Client.GetAsync($"/v1/scenario-sets/{id}");

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, paths);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task EveryBadFieldOfOneBodyIsNamed()
    {
        var body = ScenarioSet();
        Break(body, "unknown kind");
        Break(body, "count zero");

        var response = await Client.PutAsJsonAsync($"/v1/scenario-sets/{NewId()}", body);

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "scenarios[1].shifts[0].kind", "generate.count");
    }

    [Fact]
    public async Task AnIdThatCannotBeAKeyIsABadRequest()
    {
        var response = await Client.PutAsJsonAsync("/v1/scenario-sets/a%20b", ScenarioSet());

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "id");
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsABadRequest()
    {
        var response = await Client.PutAsync($"/v1/scenario-sets/{NewId()}", new StringContent("{ \"scenarios\": [", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssertions.AssertBadRequestAsync(response, exact: true, "$");
    }

    private static void Break(JsonObject body, string mistake)
    {
        var scenarios = body["scenarios"]!.AsArray();
        var generate = body["generate"]!.AsObject();
        JsonObject Shift(int scenario, int shift) => scenarios[scenario]!["shifts"]![shift]!.AsObject();
        switch (mistake)
        {
            case "unknown kind": Shift(1, 0)["kind"] = "sideways"; break;
            case "count zero": generate["count"] = 0; break;
            case "count too large": generate["count"] = 100_001; break;
            case "count fractional": generate["count"] = 2.5; break;
            case "seed fractional": generate["seed"] = 1.5; break;
            case "seed text": generate["seed"] = "42"; break;
            case "seed missing": generate.Remove("seed"); break;
            case "negative std dev": generate["curveParallelBpStdDev"] = -1; break;
            case "spot std dev too large": generate["spotRelativeStdDev"] = 0.5; break;
            case "empty id": scenarios[0]!["id"] = ""; break;
            case "repeated id": scenarios[2]!["id"] = "rates+25"; break;
            case "generated id": scenarios[0]!["id"] = "gen-250"; break;
            case "bad target prefix": Shift(0, 0)["target"] = "curves:USD-SOFR"; break;
            case "target without name": Shift(0, 0)["target"] = "curve:"; break;
            case "equity target for a curve kind": Shift(0, 0)["target"] = "equity:ACME"; break;
            case "curve target for an equity kind": Shift(1, 1)["target"] = "curve:*"; break;
            case "pillar without date": Shift(2, 0).Remove("date"); break;
            case "pillar date not a date": Shift(2, 0)["date"] = "15/01/2026"; break;
            case "date on a parallel shift": Shift(0, 0)["date"] = "2026-01-15"; break;
            case "too many basis points": Shift(0, 0)["amount"] = 10_001; break;
            case "spot to zero": Shift(1, 0)["amount"] = -1; break;
            case "vol shift too large": Shift(1, 1)["amount"] = 5.5; break;
            case "amount as text": Shift(0, 0)["amount"] = "25"; break;
            case "amount missing": Shift(0, 0).Remove("amount"); break;
            case "misspelt field": Shift(0, 0).Remove("amount"); Shift(0, 0)["amonut"] = 25; break;
            case "shifts not an array": scenarios[1]!["shifts"] = new JsonObject(); break;
            case "scenario not an object": scenarios[1] = "crash"; break;
            case "nothing to run": body.Remove("generate"); body["scenarios"] = new JsonArray(); break;
            case "unknown top-level field": body["scenarioz"] = new JsonArray(); break;
            default: throw new ArgumentException($"no mistake '{mistake}'", nameof(mistake));
        }
    }

    private static string NewId() => "set-" + Guid.NewGuid().ToString("N");
}

public sealed class ScenarioSetRestartTests
{
    [Fact]
    public async Task AStoredSetSurvivesStoppingAndStartingTheProcess()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            string before;
            await using (var first = new GatewayFactory(directory))
            {
                var put = await first.CreateClient().PutAsJsonAsync("/v1/scenario-sets/stress-2024", ScenarioSetsApiTests.ScenarioSet());
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                before = await put.Content.ReadAsStringAsync();
            }

            await using var second = new GatewayFactory(directory);
            var client = second.CreateClient();
            var after = await client.GetAsync("/v1/scenario-sets/stress-2024");
            var again = await client.PutAsJsonAsync("/v1/scenario-sets/stress-2024", ScenarioSetsApiTests.ScenarioSet());

            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Equal(before, await after.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
