using DataPipe.Core.Stages;

namespace DataPipe.Core.Filters;

public static class FilterStages
{
    public static void Register(StageCatalog catalog) => catalog
        .Add("gopher_quality", GopherQualityFilter.Create)
        .Add("gopher_repetition", GopherRepetitionFilter.Create)
        .Add("c4", C4Filter.Create)
        .Add("fineweb", FineWebFilter.Create)
        .Add("length", LengthFilter.Create)
        .Add("symbol_ratio", SymbolRatioFilter.Create)
        .Add("url_blocklist", UrlBlocklistFilter.Create);
}
