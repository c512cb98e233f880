using Otdel;
using Otdel.Cli;

// `otdel <verb> [options]`: serve (default), migrate, admin create, token create, schema-script, help.
return await Commands.RunAsync(args);

namespace Otdel
{
    public partial class Program;
}
