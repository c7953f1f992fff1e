namespace DataPipe.Cli.Commands;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int ConfigError = 2;
    public const int Cancelled = 130;
}
