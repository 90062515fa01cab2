using Microsoft.AspNetCore.Http.HttpResults;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>Problem responses shared by the endpoint groups.</summary>
internal static class ApiResults
{
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.", detail: "See errors: each key is the JSON path of a field that could not be accepted.");

    public static ValidationProblem Invalid(string path, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(path, message);
        return Invalid(errors);
    }
}
