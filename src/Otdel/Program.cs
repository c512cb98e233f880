using Otdel;
using Otdel.Cli;

// `otdel <verb> [options]`: serve (default), migrate, admin create, token create, import, schema-script, help.
return await Commands.RunAsync(args);

namespace Otdel
{
    public partial class Program;
}
