using Microsoft.AspNetCore.Http.HttpResults;
using XiP.Gateway.Validation;

namespace XiP.Gateway.Apis;

/// <summary>Problem responses shared by the endpoint groups.</summary>
internal static class ApiResults
{
    public static ValidationProblem Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is not valid.", detail: "See errors: each key is the JSON path of a field that could not be accepted.");

    /// <summary>403: the caller's books do not include <paramref name="book"/>.</summary>
    public static ProblemHttpResult NotEntitled(string book) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not entitled to the book.", detail: $"The caller is not entitled to book '{book}'.");

    public static ValidationProblem Invalid(string path, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(path, message);
        return Invalid(errors);
    }
}
