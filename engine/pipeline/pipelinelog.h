#pragma once

#include <QLoggingCategory>

/// The engine flow's log category ("herder.pipeline"), shared by the Pipeline's parts.
Q_DECLARE_LOGGING_CATEGORY(lcPipeline)
