namespace Otdel.Features.Tasks;

/// <summary>Anchor of this capability's texts (TasksText.resx, TasksText.ru.resx): keys Tasks.*.</summary>
public sealed class TasksText;
