using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Otdel.Platform;

/// <summary>Declares the bearer-token scheme in the OpenAPI document so /api/docs can call the API with a token.</summary>
sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "Otdel API";
        document.Info.Description = "The REST API of Otdel. Authenticate with `Authorization: Bearer <token>` from `./otdel token create`. Errors are RFC 9457 problem details.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API token from `./otdel token create`.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
