app_name = "investments"

urlpatterns = []
